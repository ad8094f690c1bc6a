import Engine
import Formatting
import Foundation

/// `steering`: activation addition (Turner et al. 2023). The direction is the difference of
/// two prompts' residuals after layer l at their last positions (`positive - negative`); it is
/// added, times `scale`, to row l at every position of the prompt, and the model continues
/// greedily, with and without it.
public struct Steering: Codable, Sendable, Equatable {
  /// One continuation: its tokens, text, and each token's probability in its own run.
  public struct Continuation: Codable, Sendable, Equatable {
    public let tokens: [TokenProbability]
    public let text: String
  }

  public let layer: Int
  public let scale: Double
  /// `|positive - negative|` at layer l, and `|h_l|` of the prompt's last position for scale.
  public let directionNorm: Double
  public let residualNorm: Double
  public let plain: Continuation
  public let steered: Continuation
  public let findings: [String]

  /// Steers `prompt` with the direction of `positive` over `negative` at `layer` (a residual
  /// row, 0...L-1), writing `count` tokens each way.
  public init(
    transformer: Transformer, prompt: [Int], positive: [Int], negative: [Int], layer: Int,
    scale: Double, count: Int, label: TokenLabeler = plainTokenLabel, decode: ([Int]) -> String
  ) throws {
    let layers = transformer.config.layerCount
    try AnalysisError.check(layer, in: 0...(layers - 1), analysis: .steering, option: "layer")
    try AnalysisError.check(count, in: 1...64, analysis: .steering, option: "tokens")
    guard !prompt.isEmpty, !positive.isEmpty, !negative.isEmpty else {
      throw AnalysisError.promptTooShort(analysis: "steering", tokens: 0, needed: 1)
    }
    let options = TraceOptions(attentionLayers: [])
    let row = { (tokens: [Int]) throws -> [Float] in
      let trace = try transformer.trace(tokens: tokens, options: options)
      return Array(trace.residual(layer: layer, position: tokens.count - 1))
    }
    let direction = zip(try row(positive), try row(negative)).map { $0 - $1 }
    let steer = Intervention(
      layer: layer, site: .residual, positions: Array(0..<prompt.count),
      action: .add(direction, scale: Float(scale)))
    func continuation(_ interventions: [Intervention]) throws -> Continuation {
      let written = try transformer.generate(
        tokens: prompt, count: count, interventions: interventions)
      let trace = try transformer.trace(
        tokens: prompt + written, options: options, interventions: interventions)
      let tokens = written.enumerated().map { step, id in
        let distribution = Distribution(logits: trace.logits(position: prompt.count - 1 + step))
        return TokenProbability(id: id, text: label(id), probability: Double(distribution.probability(id)))
      }
      return Continuation(tokens: tokens, text: decode(written))
    }
    let plain = try continuation([])
    let steered = try continuation([steer])
    self.layer = layer
    self.scale = scale
    directionNorm = Double(direction.reduce(0) { $0 + $1 * $1 }.squareRoot())
    let last = try row(prompt)
    residualNorm = Double(last.reduce(0) { $0 + $1 * $1 }.squareRoot())
    self.plain = plain
    self.steered = steered
    let same = zip(plain.tokens, steered.tokens).prefix { $0.id == $1.id }.count
    findings = [
      "Added at layer \(layer) with scale \(NumberText.significant(scale)) (a vector "
        + "\(NumberText.significant(scale * directionNorm / max(residualNorm, 1e-12))) times the "
        + "length of the prompt's last residual there), the direction "
        + (same == count
          ? "leaves all \(count) written tokens as they were."
          : "changes the continuation from token \(same + 1) of \(count) on."),
      "Without it the model writes \"\(plain.text.split(whereSeparator: \.isNewline).joined(separator: " "))\"; "
        + "with it, \"\(steered.text.split(whereSeparator: \.isNewline).joined(separator: " "))\".",
    ]
  }
}

extension AnalysisKind {
  /// `analysis: steering`.
  public static let steering: AnalysisKind = "steering"
}
