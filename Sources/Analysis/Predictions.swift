import Engine
import Formatting
import Foundation

/// `predictions`: the model's final top-k next tokens at one position.
public struct Predictions: Codable, Sendable, Equatable {
  /// What to show.
  public struct Options: Codable, Sendable, Equatable {
    /// The position whose next token is predicted; nil: the last.
    public var position: Int?
    /// How many tokens to list (1...vocabulary).
    public var top: Int

    public init(position: Int? = nil, top: Int = 10) {
      self.position = position
      self.top = top
    }
  }

  /// The position predicted from (0-based, BOS included).
  public let position: Int
  /// The prompt token at `position`.
  public let token: TokenProbability.Label
  /// The `top` most likely next tokens, most likely first: `p = softmax(logits[position])`.
  public let top: [TokenProbability]
  /// Sum of the listed probabilities.
  public let topMass: Double
  /// Entropy of the whole next-token distribution in nats: `-sum_v p_v ln p_v`.
  public let entropy: Double
  /// One to three sentences with the numbers.
  public let findings: [String]

  /// The predictions of `trace` under `options`.
  public init(
    trace: Trace, options: Options = Options(), label: TokenLabeler = plainTokenLabel
  ) throws {
    let n = trace.tokenCount
    let position = options.position ?? n - 1
    try AnalysisError.check(position, in: 0...(n - 1), analysis: .predictions, option: "position")
    try AnalysisError.check(
      options.top, in: 1...trace.vocabularySize, analysis: .predictions, option: "top")
    let distribution = Distribution(logits: trace.logits(position: position))
    let ids = distribution.top(options.top)
    top = ids.map {
      TokenProbability(id: $0, text: label($0), probability: distribution.probability($0))
    }
    self.position = position
    token = TokenProbability.Label(id: trace.tokens[position], text: label(trace.tokens[position]))
    topMass = top.reduce(0) { $0 + $1.probability }
    entropy = distribution.entropy
    var findings = [
      "After \"\(token.text)\" (position \(position)) the model's most likely next token is "
        + "\"\(top[0].text)\" with probability \(NumberText.significant(top[0].probability))."
    ]
    if top.count > 1 {
      findings.append(
        "The top \(top.count) tokens hold \(NumberText.percent(topMass)) of the probability; "
          + "the entropy is \(NumberText.significant(entropy)) nats.")
    }
    self.findings = findings
  }
}

extension AnalysisKind {
  /// `analysis: predictions`.
  public static let predictions: AnalysisKind = "predictions"
}
