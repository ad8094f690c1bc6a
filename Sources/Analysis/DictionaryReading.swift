import Engine
import Formatting
import Foundation

/// `dictionary`: a vector read through E or U by normalised inner product ("amplitude").
public struct DictionaryReading: Codable, Sendable, Equatable {
  /// The vector read.
  public enum Source: Codable, Sendable, Equatable {
    /// The E row of a token.
    case input(token: Int)
    /// The U row of a token.
    case output(token: Int)
    /// The residual `h_layer[position]` of the trace (layer 0: the embedding).
    case residual(layer: Int, position: Int)
  }

  /// Options of a dictionary block.
  public struct Options: Codable, Sendable, Equatable {
    public var source: Source
    /// The dictionary read with.
    public var dictionary: Dictionaries.Book
    /// Entries listed (1...vocabulary).
    public var top: Int
    /// How a residual source is read: as it is (`logit`) or first carried by the tuned lens's
    /// translator of its layer to where the output layer would put it (`tuned`).
    public var lens: LensKind

    public init(
      source: Source, dictionary: Dictionaries.Book = .output, top: Int = 10,
      lens: LensKind = .logit
    ) {
      self.source = source
      self.dictionary = dictionary
      self.top = top
      self.lens = lens
    }
  }

  /// One dictionary entry with its amplitude.
  public struct Entry: Codable, Sendable, Equatable {
    public let id: Int
    public let text: String
    /// `cos(x, D_id) = x · D_id / (|x| |D_id|)`.
    public let amplitude: Double
  }

  public let options: Options
  /// The source in words, e.g. `E row of "␣to"` or `residual at layer 3, position 2 ("␣to")`.
  public let query: String
  /// The `top` entries with the largest amplitude, largest first (ties: smaller id).
  public let top: [Entry]
  /// Whether U is E itself.
  public let isTied: Bool
  /// Mean over tokens of `cos(E_v, U_v)` (1 when tied).
  public let meanRowCosine: Double
  /// One to three sentences with the numbers.
  public let findings: [String]

  /// Reads `options.source` through `options.dictionary`; a residual source needs `trace`.
  public init(
    dictionaries: Dictionaries, trace: Trace? = nil, options: Options,
    label: TokenLabeler = plainTokenLabel, tunedLens: TunedLens? = nil
  ) throws {
    let vocabulary = dictionaries.vocabularySize
    try AnalysisError.check(options.top, in: 1...vocabulary, analysis: .dictionary, option: "top")
    let x: [Float]
    let query: String
    switch options.source {
    case .input(let token), .output(let token):
      try AnalysisError.check(
        token, in: 0...(vocabulary - 1), analysis: .dictionary, option: "token")
      guard options.lens == .logit else {
        throw AnalysisError.optionOutOfRange(
          analysis: "dictionary", option: "lens", value: "tuned",
          allowed: "logit for a token's own vector (the tuned lens reads residuals)")
      }
      let isInput = if case .input = options.source { true } else { false }
      x = (isInput ? dictionaries.input : dictionaries.output).row(token)
      query = "the \(isInput ? "input" : "output") vector of \"\(label(token))\""
    case .residual(let layer, let position):
      guard let trace else {
        throw AnalysisError.optionOutOfRange(
          analysis: "dictionary", option: "source", value: "residual",
          allowed: "input or output (a residual source needs a trace)")
      }
      try AnalysisError.check(
        layer, in: 0...trace.layerCount, analysis: .dictionary, option: "layer")
      try AnalysisError.check(
        position, in: 0...(trace.tokenCount - 1), analysis: .dictionary, option: "position")
      guard trace.width == dictionaries.width else {
        throw AnalysisError.widthMismatch(
          what: "the dictionaries", expected: trace.width, found: dictionaries.width)
      }
      let start = trace.residualStart(layer: layer, position: position)
      let row = Array(trace.residual[start..<(start + trace.width)])
      let translators = try LensKind.translators(
        options.lens, tunedLens, norm: .final, analysis: .dictionary, trace: trace)
      x = translators?.translate(layer: layer, row, rows: 1) ?? row
      query =
        "the residual after layer \(layer) at position \(position) "
        + "(\"\(label(trace.tokens[position]))\")"
        + (translators == nil || layer == trace.layerCount ? "" : " carried by the tuned lens")
    }
    let amplitudes = dictionaries.amplitudes(of: x, in: options.dictionary)
    top = TopK.indices(of: amplitudes, k: options.top).map {
      Entry(id: $0, text: label($0), amplitude: Double(amplitudes[$0]))
    }
    self.options = options
    self.query = query
    isTied = dictionaries.isTied
    meanRowCosine = dictionaries.meanRowCosine()
    let isResidual = if case .residual = options.source { true } else { false }
    let name = options.dictionary == .input ? "input dictionary E" : "output dictionary U"
    let listed = top.prefix(5).map { "\"\($0.text)\" (\(NumberText.significant($0.amplitude)))" }
    findings = [
      "Read with the \(name), \(query) gives " + listed.joined(separator: ", ") + ".",
      Self.dictionaryFinding(
        isTied: isTied, readsToken: !isResidual, meanRowCosine: meanRowCosine),
    ]
  }

  /// What the two dictionaries being one matrix, or two, means for this reading.
  static func dictionaryFinding(isTied: Bool, readsToken: Bool, meanRowCosine: Double) -> String {
    guard isTied else {
      return "E and U are separate matrices; a token's two rows have mean cosine "
        + "\(NumberText.significant(meanRowCosine))."
    }
    return readsToken
      ? "E and U are the same matrix (tied), so the word's own row reads back at cosine 1; "
        + "only the rest of the list says what the vector is near."
      : "E and U are the same matrix (tied), so reading the residual with the other dictionary "
        + "gives the same list."
  }
}

extension AnalysisKind {
  /// `analysis: dictionary`.
  public static let dictionary: AnalysisKind = "dictionary"
}
