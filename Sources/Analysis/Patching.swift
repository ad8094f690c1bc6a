import Engine
import Formatting
import Foundation

/// `patching`: activation patching (causal tracing, Meng et al. 2022). A clean and a corrupted
/// prompt of the same token length give different answers; for each layer and position, the
/// clean run's value at one site is copied into the corrupted run, and the figure shows how
/// much of the clean answer comes back.
///
/// The measure is the logit difference at the last position between the clean answer `a` and
/// the corrupted answer `b` (both runs' top-1), `LD = z_a - z_b`, as the fraction restored:
/// `r = (LD_patched - LD_corrupt) / (LD_clean - LD_corrupt)` (1: the clean answer's margin
/// fully back, 0: no effect). Patching the embedding at the only position where the prompts
/// differ makes the corrupted run the clean run, so that cell is exactly 1.
public struct Patching: Codable, Sendable, Equatable {
  /// Where the clean value is copied in.
  public enum Site: String, Codable, Sendable, CaseIterable {
    /// The residual row (0: the embedding; l: after block l).
    case residual
    /// What block l's attention sublayer adds.
    case attention
    /// What block l's feed-forward sublayer adds.
    case mlp

    var intervention: Intervention.Site {
      switch self {
      case .residual: .residual
      case .attention: .attentionOutput
      case .mlp: .mlpOutput
      }
    }
  }

  public let site: Site
  /// The clean prompt's tokens.
  public let cleanTokens: [TokenProbability.Label]
  /// The corrupted prompt's tokens (same count).
  public let corruptTokens: [TokenProbability.Label]
  /// The clean run's answer with its probability there.
  public let cleanAnswer: TokenProbability
  /// The corrupted run's answer with its probability there.
  public let corruptAnswer: TokenProbability
  /// `LD` in the clean and in the corrupted run.
  public let cleanDifference: Double
  public let corruptDifference: Double
  /// `restored[l][i]`: r with the site of layer l at position i patched (rows: layers 0...L
  /// for the residual, 0..<L for the sublayers).
  public let restored: [[Double]]
  public let findings: [String]

  /// Patches `site` at every layer and position of `corrupt` from `clean`; `progress` gets
  /// (runs done, runs in all).
  public init(
    transformer: Transformer, clean: [Int], corrupt: [Int], site: Site,
    label: TokenLabeler = plainTokenLabel, progress: (Int, Int) -> Void = { _, _ in }
  ) throws {
    guard clean.count == corrupt.count else {
      throw AnalysisError.optionOutOfRange(
        analysis: "patching", option: "prompts",
        value: "\(clean.count) and \(corrupt.count) tokens", allowed: "two prompts of one length")
    }
    let n = clean.count
    let options = TraceOptions(attentionLayers: [], keepsSublayerOutputs: true)
    let cleanTrace = try transformer.trace(tokens: clean, options: options)
    let corruptTrace = try transformer.trace(tokens: corrupt, options: TraceOptions(attentionLayers: []))
    let cleanFinal = Distribution(logits: cleanTrace.logits(position: n - 1))
    let corruptFinal = Distribution(logits: corruptTrace.logits(position: n - 1))
    let a = cleanFinal.top(1)[0]
    let b = corruptFinal.top(1)[0]
    guard a != b else {
      throw AnalysisError.optionOutOfRange(
        analysis: "patching", option: "prompts", value: "both answer \"\(label(a))\"",
        allowed: "a corrupted prompt whose answer differs from the clean one's")
    }
    func difference(_ logits: ArraySlice<Float>) -> Double {
      Double(logits[logits.startIndex + a]) - Double(logits[logits.startIndex + b])
    }
    let cleanDifference = difference(cleanTrace.logits(position: n - 1))
    let corruptDifference = difference(corruptTrace.logits(position: n - 1))
    let d = cleanTrace.width
    let layers = site == .residual ? cleanTrace.layerCount + 1 : cleanTrace.layerCount
    let source: [Float] =
      switch site {
      case .residual: cleanTrace.residual
      case .attention: cleanTrace.attentionOutput!
      case .mlp: cleanTrace.mlpOutput!
      }
    var restored = [[Double]](repeating: [], count: layers)
    let total = layers * n
    for layer in 0..<layers {
      for position in 0..<n {
        let start = (layer * n + position) * d
        let patch = Intervention(
          layer: layer, site: site.intervention, positions: [position],
          action: .replace(Array(source[start..<(start + d)])))
        let run = try transformer.trace(
          tokens: corrupt, options: TraceOptions(attentionLayers: []), interventions: [patch])
        let value = difference(run.logits(position: n - 1))
        restored[layer].append((value - corruptDifference) / (cleanDifference - corruptDifference))
        progress(layer * n + position + 1, total)
      }
    }
    self.site = site
    cleanTokens = clean.map { .init(id: $0, text: label($0)) }
    corruptTokens = corrupt.map { .init(id: $0, text: label($0)) }
    cleanAnswer = TokenProbability(id: a, text: label(a), probability: Double(cleanFinal.probability(a)))
    corruptAnswer = TokenProbability(
      id: b, text: label(b), probability: Double(corruptFinal.probability(b)))
    self.cleanDifference = cleanDifference
    self.corruptDifference = corruptDifference
    self.restored = restored
    findings = Self.findings(
      site: site, restored: restored, tokens: cleanTokens, clean: cleanAnswer,
      corrupt: corruptAnswer)
  }

  private static func findings(
    site: Site, restored: [[Double]], tokens: [TokenProbability.Label], clean: TokenProbability,
    corrupt: TokenProbability
  ) -> [String] {
    var best = (layer: 0, position: 0, value: -Double.infinity)
    for (layer, row) in restored.enumerated() {
      for (position, value) in row.enumerated() where value > best.value {
        best = (layer, position, value)
      }
    }
    let name =
      switch site {
      case .residual: "the residual"
      case .attention: "the attention output"
      case .mlp: "the MLP output"
      }
    let last = tokens.count - 1
    let lastRow = restored.indices.first { restored[$0][last] >= 0.5 }
    return [
      "The clean prompt answers \"\(clean.text)\" (p = \(NumberText.significant(clean.probability))), "
        + "the corrupted one \"\(corrupt.text)\" (p = \(NumberText.significant(corrupt.probability))).",
      "Patching \(name) restores most at layer \(best.layer), position \(best.position) "
        + "(\"\(tokens[best.position].text)\"): \(NumberText.percent(best.value)) of the clean "
        + "answer's logit difference"
        + (lastRow.map {
          "; at the last position it first restores half or more at layer \($0)."
        } ?? "; at the last position no layer restores half."),
    ]
  }
}

extension AnalysisKind {
  /// `analysis: patching`.
  public static let patching: AnalysisKind = "patching"
}
