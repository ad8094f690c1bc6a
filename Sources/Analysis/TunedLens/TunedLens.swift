import Engine
import Foundation

/// A tuned lens (Belrose et al. 2023): per layer, an affine translator that carries a residual
/// row to where the output layer would put it, read through the model's own final norm and U.
///
/// Translator `l` maps `x̂ = h / rms(h)` to `W_l x̂ + b_l`, an estimate of the direction of the
/// last residual row (the final norm divides out its length). The output row needs no
/// translator: it is the model's output, so the tuned lens's last layer is the model's own
/// distribution, as the logit lens's is. Fitted by `TunedLensFit`, stored by `TunedLensFile`.
public struct TunedLens: Sendable {
  /// Residual width.
  public let width: Int
  /// Transformer blocks: translators exist for rows `0..<layerCount`.
  public let layerCount: Int
  /// `weights[l]`: `W_l`, `width` rows (outputs) of `width` columns (inputs).
  public let weights: [[Float]]
  /// `biases[l]`: `b_l`.
  public let biases: [[Float]]
  /// SHA-256 of the file the translators were read from (or would be written to): what a
  /// result made with them depends on.
  public let digest: String
  private let matrices: [QuantizedMatrix]

  /// Translators from their weights; every `weights[l]` holds `width²` values and every
  /// `biases[l]` `width`; `width` must be a multiple of 8 (the F32 kernel's lane count).
  public init(width: Int, weights: [[Float]], biases: [[Float]], digest: String) throws {
    guard width > 0, width % 8 == 0 else {
      throw TunedLensError.unsupportedWidth(width)
    }
    guard weights.count == biases.count,
      weights.allSatisfy({ $0.count == width * width }),
      biases.allSatisfy({ $0.count == width })
    else {
      throw TunedLensError.malformed(reason: "translators do not match a width of \(width)")
    }
    self.width = width
    layerCount = weights.count
    self.weights = weights
    self.biases = biases
    self.digest = digest
    matrices = try weights.enumerated().map { layer, values in
      let storage = FloatStorage(values)
      return try QuantizedMatrix(
        name: "translator \(layer)", type: .f32, rows: width, columns: width,
        data: storage.bytes, owner: storage)
    }
  }

  /// `rows` residual rows of layer `layer` (0: the embedding) translated: `W_l x̂ + b_l` per
  /// row; the output row (`layer == layerCount`) as it is.
  public func translate(layer: Int, _ x: [Float], rows: Int) -> [Float] {
    precondition((0...layerCount).contains(layer) && x.count == rows * width)
    guard layer < layerCount else { return x }
    let normalised = Self.normalisedRows(x, rows: rows, width: width)
    var y = matrices[layer].multiply(normalised, tokens: rows)
    let bias = biases[layer]
    for row in 0..<rows {
      for i in 0..<width { y[row * width + i] += bias[i] }
    }
    return y
  }

  /// Logits of `rows` residual rows of `layer` read through the tuned lens: translated, then
  /// the final norm and U.
  public func logits(layer: Int, _ x: [Float], rows: Int, through unembedding: Unembedding)
    -> [Float]
  {
    unembedding.logits(translate(layer: layer, x, rows: rows), rows: rows, normalise: true)
  }

  /// Each row divided by its root mean square: the translators' input, and their targets when
  /// fitted, so that every position weighs alike in the fit (a sink row whose massive
  /// activations are a thousand times the others' would otherwise decide it alone).
  static func normalisedRows(_ x: [Float], rows: Int, width: Int) -> [Float] {
    var out = [Float](repeating: 0, count: rows * width)
    for row in 0..<rows {
      let start = row * width
      var sum: Float = 0
      for i in start..<(start + width) { sum += x[i] * x[i] }
      let rms = (sum / Float(width)).squareRoot()
      guard rms > 0 else { continue }
      let scale = 1 / rms
      for i in start..<(start + width) { out[i] = x[i] * scale }
    }
    return out
  }
}

/// Which readout carries a residual row to a next-token distribution: `logit` (the final norm
/// and U as the model has them) or `tuned` (a fitted translator first).
public enum LensKind: String, Codable, Sendable, CaseIterable {
  case logit, tuned

  /// How pages name it.
  public var title: String {
    switch self {
    case .logit: "logit lens"
    case .tuned: "tuned lens"
    }
  }

  /// As a modifier ("logit-lens agreement").
  public var modifier: String {
    switch self {
    case .logit: "logit-lens"
    case .tuned: "tuned-lens"
    }
  }
}

extension LensKind {
  /// The translators an analysis reads with: nil for the logit lens, `tunedLens` for the tuned
  /// one, which must be given, fit `trace`, and is not combined with `norm: none`.
  static func translators(
    _ kind: LensKind, _ tunedLens: TunedLens?, norm: LogitLens.Options.Norm,
    analysis: AnalysisKind, trace: Trace
  ) throws -> TunedLens? {
    guard kind == .tuned else { return nil }
    guard let tunedLens else {
      throw AnalysisError.optionOutOfRange(
        analysis: analysis.rawValue, option: "lens", value: "tuned",
        allowed: "logit (no tuned lens was given)")
    }
    guard norm == .final else {
      throw AnalysisError.optionOutOfRange(
        analysis: analysis.rawValue, option: "norm", value: "none",
        allowed: "final with lens: tuned (the tuned lens reads through the final norm)")
    }
    guard tunedLens.width == trace.width, tunedLens.layerCount == trace.layerCount else {
      throw AnalysisError.widthMismatch(
        what: "the tuned lens", expected: trace.width, found: tunedLens.width)
    }
    return tunedLens
  }
}

extension Unembedding {
  /// Logits of `rows` rows of residual layer `layer` through `lens` when there is one (the
  /// tuned lens always normalises), else through the final norm (when `normalise`) and U.
  public func logits(
    layer: Int, _ x: [Float], rows: Int, lens: TunedLens?, normalise: Bool
  ) -> [Float] {
    guard let lens else { return logits(x, rows: rows, normalise: normalise) }
    return lens.logits(layer: layer, x, rows: rows, through: self)
  }
}

/// Floats at a fixed address for a `QuantizedMatrix` to read.
private final class FloatStorage: @unchecked Sendable {
  let bytes: UnsafeRawBufferPointer
  private let pointer: UnsafeMutableBufferPointer<Float>

  init(_ values: [Float]) {
    pointer = .allocate(capacity: values.count)
    _ = pointer.initialize(from: values)
    bytes = UnsafeRawBufferPointer(pointer)
  }

  deinit { pointer.deallocate() }
}
