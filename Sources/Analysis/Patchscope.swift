import Engine
import Formatting
import Foundation

/// `patchscope`: the token-identity Patchscope (Ghandeharioun et al. 2024). The residual of one
/// source position after layer l replaces the residual at the last position of a target prompt
/// that asks the model to repeat ("cat -> cat; 1135 -> 1135; hello -> hello; ?") at the same
/// row l, and the model continues greedily: what it writes is what the state "says" in words.
/// Each row sits beside the logit lens's top-1 of the same cell.
public struct Patchscope: Codable, Sendable, Equatable {
  /// The target prompt of the token-identity Patchscope.
  public static let identityTarget = "cat -> cat; 1135 -> 1135; hello -> hello; ?"

  /// One residual row read both ways.
  public struct Row: Codable, Sendable, Equatable {
    public let layer: Int
    /// The tokens the target run wrote after the patch, and their text.
    public let continuation: [TokenProbability.Label]
    public let text: String
    /// The logit lens's top-1 at the source cell.
    public let lensTop: TokenProbability
  }

  /// The source position read, and its token.
  public let position: Int
  public let token: TokenProbability.Label
  /// The target prompt.
  public let target: String
  /// Rows 0 (the embedding) to L.
  public let rows: [Row]
  public let findings: [String]

  /// Reads `position` of `source` at every row through `target` (its token ids), writing
  /// `count` tokens each; `decode` turns ids into text.
  public init(
    transformer: Transformer, source: [Int], position: Int, target: String, targetTokens: [Int],
    count: Int, label: TokenLabeler = plainTokenLabel, decode: ([Int]) -> String,
    progress: (Int, Int) -> Void = { _, _ in }
  ) throws {
    try AnalysisError.check(
      position, in: 0...(source.count - 1), analysis: .patchscope, option: "position")
    try AnalysisError.check(count, in: 1...32, analysis: .patchscope, option: "tokens")
    guard targetTokens.count >= 1 else {
      throw AnalysisError.promptTooShort(analysis: "patchscope", tokens: 0, needed: 1)
    }
    let trace = try transformer.trace(tokens: source, options: TraceOptions(attentionLayers: []))
    let unembedding = Unembedding(transformer: transformer)
    let d = trace.width
    let last = targetTokens.count - 1
    var rows: [Row] = []
    for layer in 0...trace.layerCount {
      let start = trace.residualStart(layer: layer, position: position)
      let state = Array(trace.residual[start..<(start + d)])
      let lens = Distribution(logits: unembedding.logits(state, rows: 1, normalise: true)[...])
      let top = lens.top(1)[0]
      let patch = Intervention(
        layer: layer, site: .residual, positions: [last], action: .replace(state))
      let written = try transformer.generate(
        tokens: targetTokens, count: count, interventions: [patch])
      rows.append(
        Row(
          layer: layer, continuation: written.map { .init(id: $0, text: label($0)) },
          text: decode(written),
          lensTop: TokenProbability(id: top, text: label(top), probability: Double(lens.probability(top)))))
      progress(layer + 1, trace.layerCount + 1)
    }
    self.position = position
    token = .init(id: source[position], text: label(source[position]))
    self.target = target
    self.rows = rows
    findings = Self.findings(rows: rows, token: token)
  }

  private static func findings(rows: [Row], token: TokenProbability.Label) -> [String] {
    let saysToken = rows.filter { $0.continuation.contains { $0.id == token.id } }.map(\.layer)
    let agrees = rows.filter { $0.continuation.first?.id == $0.lensTop.id }.count
    let middle = rows[rows.count / 2]
    return [
      "Through the Patchscope, the state at \"\(token.text)\" writes its own token "
        + (saysToken.isEmpty
          ? "at no layer"
          : "at \(saysToken.count) of \(rows.count) rows (the last at layer \(saysToken.last!))")
        + "; at layer \(middle.layer) it writes \"\(middle.text.split(whereSeparator: \.isNewline).joined(separator: " "))\" where the "
        + "logit lens reads \"\(middle.lensTop.text)\".",
      "Its first written token is the logit lens's top-1 at \(agrees) of \(rows.count) rows.",
    ]
  }
}

extension AnalysisKind {
  /// `analysis: patchscope`.
  public static let patchscope: AnalysisKind = "patchscope"
}
