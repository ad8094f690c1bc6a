import Engine
import Formatting
import Foundation

/// `ablation`: what each attention head, and each block's attention and feed-forward sublayer,
/// contributes to the answer: the change of the answer's log-probability at the last position
/// when its output is zeroed, or replaced by its mean over the prompt's positions, at every
/// position.
public struct Ablation: Codable, Sendable, Equatable {
  /// What replaces an ablated output.
  public enum Method: String, Codable, Sendable, CaseIterable {
    /// Zero.
    case zero
    /// Its mean over every position of the prompt.
    case mean

    var action: Intervention.Action { self == .zero ? .zero : .mean }
  }

  /// One head: its effect and how the `attention` analysis classifies it.
  public struct Head: Codable, Sendable, Equatable {
    public let layer: Int
    public let head: Int
    /// `ln p(answer)` ablated minus `ln p(answer)` plain (negative: the head helped).
    public let effect: Double
    /// The `attention` analysis' kind of the head (sink, previous, self, diffuse).
    public let kind: Attention.Kind
  }

  public let method: Method
  /// The model's answer at the last position, with its probability.
  public let answer: TokenProbability
  /// `heads[l][h]`.
  public let heads: [[Head]]
  /// `attention[l]`, `mlp[l]`: the effect of ablating block l's whole sublayer.
  public let attention: [Double]
  public let mlp: [Double]
  public let findings: [String]

  /// Ablates every head and sublayer of `transformer` on `tokens` one at a time; `attention`
  /// classifies the heads (the `attention` analysis of the same prompt); `progress` gets (runs
  /// done, runs in all).
  public init(
    transformer: Transformer, tokens: [Int], attention classes: Attention, method: Method = .mean,
    label: TokenLabeler = plainTokenLabel, progress: (Int, Int) -> Void = { _, _ in }
  ) throws {
    let config = transformer.config
    let (layers, headCount) = (config.layerCount, config.headCount)
    guard classes.heads.count == layers, classes.heads.allSatisfy({ $0.count == headCount }) else {
      throw AnalysisError.widthMismatch(
        what: "the attention classification", expected: layers, found: classes.heads.count)
    }
    let n = tokens.count
    let options = TraceOptions(attentionLayers: [])
    let plain = try transformer.trace(tokens: tokens, options: options)
    let final = Distribution(logits: plain.logits(position: n - 1))
    let answer = final.top(1)[0]
    let base = final.logProbability(answer)
    let all = Array(0..<n)
    let total = layers * (headCount + 2)
    var done = 0
    func effect(_ intervention: Intervention) throws -> Double {
      let run = try transformer.trace(tokens: tokens, options: options, interventions: [intervention])
      done += 1
      progress(done, total)
      return Distribution(logits: run.logits(position: n - 1)).logProbability(answer) - base
    }
    var heads: [[Head]] = []
    var attention: [Double] = []
    var mlp: [Double] = []
    for layer in 0..<layers {
      heads.append(
        try (0..<headCount).map { head in
          Head(
            layer: layer, head: head,
            effect: try effect(
              Intervention(layer: layer, site: .head(head), positions: all, action: method.action)),
            kind: classes.heads[layer][head].kind)
        })
      attention.append(
        try effect(Intervention(layer: layer, site: .attentionOutput, positions: all, action: method.action)))
      mlp.append(
        try effect(Intervention(layer: layer, site: .mlpOutput, positions: all, action: method.action)))
    }
    self.method = method
    self.answer = TokenProbability(id: answer, text: label(answer), probability: Double(final.probability(answer)))
    self.heads = heads
    self.attention = attention
    self.mlp = mlp
    findings = Self.findings(heads: heads, attention: attention, mlp: mlp, answer: self.answer)
  }

  /// Every head, the one whose ablation costs the answer most first (ties: layer, then head).
  public var rankedHeads: [Head] { Self.ranked(heads) }

  private static func ranked(_ heads: [[Head]]) -> [Head] {
    heads.flatMap { $0 }.sorted {
      $0.effect != $1.effect ? $0.effect < $1.effect : ($0.layer, $0.head) < ($1.layer, $1.head)
    }
  }

  private static func findings(
    heads: [[Head]], attention: [Double], mlp: [Double], answer: TokenProbability
  ) -> [String] {
    let flat = heads.flatMap { $0 }
    let ranked = ranked(heads)
    let top = ranked.prefix(3).map {
      "L\($0.layer)H\($0.head) (\(NumberText.significant($0.effect)), \($0.kind.rawValue))"
    }
    let sinks = flat.filter { $0.kind == .sink }
    let others = flat.filter { $0.kind != .sink }
    let meanEffect = { (heads: [Head]) in heads.isEmpty ? 0 : Vectors.mean(heads.map(\.effect)) }
    let worstBlock = mlp.indices.min { mlp[$0] < mlp[$1] } ?? 0
    let worstAttention = attention.indices.min { attention[$0] < attention[$1] } ?? 0
    return [
      "Ablating one head at a time, the answer \"\(answer.text)\" (p = "
        + "\(NumberText.significant(answer.probability))) loses most log-probability without "
        + top.joined(separator: ", ") + ".",
      sinks.isEmpty
        ? "The attention analysis classifies no head as a sink on this prompt."
        : "The \(sinks.count) heads the attention analysis classifies as sinks change it by "
          + "\(NumberText.significant(meanEffect(sinks))) on average when ablated, the other "
          + "\(others.count) by \(NumberText.significant(meanEffect(others))).",
      "Of whole sublayers, ablating block \(worstAttention)'s attention costs most among the "
        + "attention sublayers (\(NumberText.significant(attention[worstAttention]))), and block "
        + "\(worstBlock)'s MLP among the MLPs (\(NumberText.significant(mlp[worstBlock]))).",
      "The last blocks' MLPs, where the memory-purge post sees the input word purged, change it by "
        + mlp.indices.suffix(3).map {
          "\(NumberText.significant(mlp[$0])) (block \($0))"
        }.joined(separator: ", ") + " when ablated.",
    ]
  }
}

extension AnalysisKind {
  /// `analysis: ablation`.
  public static let ablation: AnalysisKind = "ablation"
}
