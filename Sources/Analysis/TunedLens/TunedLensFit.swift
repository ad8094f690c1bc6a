import Engine
import Foundation

/// Fits a `TunedLens` in closed form: runs training text through the model a window at a time,
/// accumulates each layer's `NormalEquations`, and solves them (ridge, Cholesky, in Double).
/// Deterministic: the same text and options give the same bits.
public enum TunedLensFit {
  /// What a fit depends on besides the model and the text.
  public struct Options: Codable, Equatable, Sendable {
    /// Training positions (tokens read, BOS included).
    public var tokens: Int
    /// Tokens per forward pass (BOS included): the context every position sees.
    public var window: Int
    /// Ridge towards the logit lens, relative to the mean diagonal of `X^T X`.
    public var ridge: Double

    public static let defaultTokens = 32_768

    public init(tokens: Int = Options.defaultTokens, window: Int = 256, ridge: Double = 1e-3) {
      self.tokens = tokens
      self.window = window
      self.ridge = ridge
    }

    /// Throws `optionOutOfRange` for values the fit cannot use.
    public func check() throws {
      guard (1024...(1 << 24)).contains(tokens) else {
        throw TunedLensError.optionOutOfRange(
          option: "--tokens", value: String(tokens), allowed: "in 1024...16777216")
      }
      guard (16...4096).contains(window) else {
        throw TunedLensError.optionOutOfRange(
          option: "--window", value: String(window), allowed: "in 16...4096")
      }
      guard ridge.isFinite, ridge > 0, ridge <= 1 else {
        throw TunedLensError.optionOutOfRange(
          option: "--ridge", value: String(ridge), allowed: "above 0 and at most 1")
      }
    }
  }

  /// Names the arithmetic of the fit inside every translator file's key: change it whenever a
  /// change of this file or of `NormalEquations` changes the fitted bits (the
  /// `TunedLensFitTests` digest of a synthetic model's translators fails until it is).
  public static let method = "least-squares-ridge-1"

  /// The training windows of `text`: `options.tokens / options.window` windows spread evenly
  /// over the whole text, each starting at a line and holding `window` tokens (fewer only where
  /// the text ends), BOS as the model asks.
  public static func windows(of text: String, tokenizer: Tokenizer, options: Options) throws
    -> [[Int]]
  {
    try options.check()
    let bytes = Array(text.utf8)
    let count = (options.tokens + options.window - 1) / options.window
    // English runs about 4 to 5 bytes a token; 8 leaves room for a tokenizer that cuts finer.
    let span = 8 * options.window
    var windows: [[Int]] = []
    var used = 0
    var previousStart = -1
    for index in 0..<count {
      var start = bytes.count * index / count
      if start > 0 {
        while start < bytes.count, bytes[start - 1] != UInt8(ascii: "\n") { start += 1 }
      }
      // A short text gives several windows the same line: read it once.
      guard start < bytes.count, start != previousStart else { continue }
      previousStart = start
      var end = min(bytes.count, start + span)
      while end < bytes.count, bytes[end - 1] != UInt8(ascii: "\n") { end += 1 }
      let ids = tokenizer.encode(bytes: Array(bytes[start..<end]), addBOS: tokenizer.addsBOS(nil))
      let window = Array(ids.prefix(min(options.window, options.tokens - used)))
      guard window.count >= 2 else { continue }
      windows.append(window)
      used += window.count
      if used >= options.tokens { break }
    }
    let needed = min(options.tokens, 1024)
    guard used >= needed else { throw TunedLensError.corpusTooSmall(tokens: used, needed: needed) }
    return windows
  }

  /// The translators of `transformer` fitted on `windows`; `progress` gets (windows done, all
  /// windows) after each forward pass, and (all, all) once the equations are solved.
  public static func fit(
    transformer: Transformer, windows: [[Int]], options: Options, digest: String = "",
    progress: (Int, Int) -> Void = { _, _ in }
  ) throws -> TunedLens {
    try options.check()
    let config = transformer.config
    let width = config.embeddingLength
    let layers = config.layerCount
    guard width % 8 == 0 else { throw TunedLensError.unsupportedWidth(width) }
    let sumsBytes = layers * (width + 1) * (2 * width + 1) * 8
    guard sumsBytes <= TraceSize.defaultLimit else {
      throw TunedLensError.malformed(
        reason: "fitting \(layers) layers of width \(width) needs "
          + "\(TraceSize.words(sumsBytes)) for its sums, more than this machine allows")
    }
    var equations = [NormalEquations](repeating: NormalEquations(width: width), count: layers)
    for (index, window) in windows.enumerated() {
      let trace = try transformer.trace(tokens: window, options: TraceOptions(attentionLayers: []))
      let n = trace.tokenCount
      for first in stride(from: 0, to: n, by: NormalEquations.batchSize) {
        let count = min(NormalEquations.batchSize, n - first)
        let rows = { (layer: Int) -> [Float] in
          let start = trace.residualStart(layer: layer, position: first)
          return TunedLens.normalisedRows(
            Array(trace.residual[start..<(start + count * width)]), rows: count, width: width)
        }
        let targets = rows(layers)
        for layer in 0..<layers {
          try equations[layer].add(inputs: rows(layer), targets: targets, count: count)
        }
      }
      progress(index + 1, windows.count + 1)
    }
    let solved = ParallelMap.map(count: layers) { [equations] layer in
      Result { try equations[layer].solve(ridge: options.ridge, layer: layer) }
    }
    let translators = try solved.map { try $0.get() }
    progress(windows.count + 1, windows.count + 1)
    return try TunedLens(
      width: width, weights: translators.map(\.weight), biases: translators.map(\.bias),
      digest: digest)
  }
}
