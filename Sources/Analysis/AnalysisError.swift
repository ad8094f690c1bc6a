import Engine

/// Why an analysis could not run: a bad option or a trace that lacks what the analysis needs.
///
/// Every message names the analysis block, the option and the allowed range, so a person can fix
/// the lens block or the command line that asked for it.
public enum AnalysisError: Error, Equatable, Sendable, CustomStringConvertible {
  /// An option's value lies outside its allowed range (given in words, e.g. "1...49152").
  case optionOutOfRange(analysis: String, option: String, value: String, allowed: String)
  /// The trace's arrays do not have the sizes its shape says.
  case malformedTrace(field: String, expected: Int, found: Int)
  /// The analysis needs attention probabilities for a layer the trace did not keep.
  case attentionNotCaptured(analysis: String, layer: Int)
  /// The prompt is too short for the analysis.
  case promptTooShort(analysis: String, tokens: Int, needed: Int)
  /// A dictionary or unembedding does not fit the trace's width.
  case widthMismatch(what: String, expected: Int, found: Int)

  public var description: String {
    switch self {
    case .optionOutOfRange(let analysis, let option, let value, let allowed):
      "\(analysis): option '\(option)' is \(value), but it must be in \(allowed)"
    case .malformedTrace(let field, let expected, let found):
      "trace: '\(field)' holds \(found) values where its shape needs \(expected); "
        + "record the trace again with `lenscribe trace`"
    case .attentionNotCaptured(let analysis, let layer):
      "\(analysis): the trace has no attention for layer \(layer); trace again keeping "
        + "that layer's attention, or choose layers that were kept"
    case .promptTooShort(let analysis, let tokens, let needed):
      "\(analysis): the prompt has \(tokens) token(s) but this analysis needs at least "
        + "\(needed); use a longer prompt"
    case .widthMismatch(let what, let expected, let found):
      "\(what) has rows of \(found) values but the trace's residual width is \(expected); "
        + "use the same model for both"
    }
  }
}

extension AnalysisError {
  /// Throws `optionOutOfRange` unless `value` lies in `range`.
  static func check(
    _ value: Int, in range: ClosedRange<Int>, analysis: AnalysisKind, option: String
  ) throws {
    guard range.contains(value) else {
      throw AnalysisError.optionOutOfRange(
        analysis: analysis.rawValue, option: option, value: String(value),
        allowed: "\(range.lowerBound)...\(range.upperBound)")
    }
  }
}

extension AnalysisError {
  /// Throws `optionOutOfRange` unless `value` lies in `range`.
  static func check(
    _ value: Double, in range: ClosedRange<Double>, analysis: AnalysisKind, option: String
  ) throws {
    guard range.contains(value) else {
      throw AnalysisError.optionOutOfRange(
        analysis: analysis.rawValue, option: option, value: String(value),
        allowed: "\(range.lowerBound)...\(range.upperBound)")
    }
  }

  /// The attention patterns of every layer in `layers`, or `attentionNotCaptured`.
  static func patterns(
    _ trace: Trace, layers: [Int], analysis: AnalysisKind
  ) throws -> [[Float]] {
    try layers.map { layer in
      guard let pattern = trace.attention[layer] else {
        throw AnalysisError.attentionNotCaptured(analysis: analysis.rawValue, layer: layer)
      }
      return pattern
    }
  }
}
