import Engine
import Formatting
import Foundation

/// `attention-sinks`: how much attention every head puts on the first token, and which other
/// positions draw attention the same way (with how close their residual gets to the first's).
public struct AttentionSinks: Codable, Sendable, Equatable {
  /// Options of an attention-sinks block.
  public struct Options: Codable, Sendable, Equatable {
    /// Share at which a later position counts as a secondary sink (0...1).
    public var threshold: Double
    /// How many candidate secondary sinks to report, strongest first (0...tokens).
    public var candidates: Int

    public init(threshold: Double = 0.1, candidates: Int = 3) {
      self.threshold = threshold
      self.candidates = candidates
    }
  }

  /// A later position that draws attention.
  public struct Secondary: Codable, Sendable, Equatable {
    /// Its position.
    public let position: Int
    /// Its token.
    public let token: TokenProbability.Label
    /// Mean over layers, heads and the queries after it of `A[l, h, q, position]`.
    public let share: Double
    /// `shareByLayer[l]`: the same mean within layer l.
    public let shareByLayer: [Double]
    /// `cosineToFirst[l] = cos(h_l[position], h_l[0])` for l = 0...layers.
    public let cosineToFirst: [Double]
    /// Whether `share >= options.threshold`.
    public let isSink: Bool
  }

  public let options: Options
  /// `shares[l][h]`: mean over queries q = 1..<n of `A[l, h, q, 0]`.
  public let shares: [[Double]]
  /// `layerShares[l]`: mean of `shares[l]` over heads.
  public let layerShares: [Double]
  /// Mean of every `shares[l][h]`.
  public let meanShare: Double
  /// Median of every `shares[l][h]`.
  public let medianShare: Double
  /// Number of heads (over all layers) with `shares[l][h] > 0.5`.
  public let headsOverHalf: Int
  /// The strongest later positions (1..<n-1), strongest first.
  public let secondary: [Secondary]
  /// One to three sentences with the numbers.
  public let findings: [String]

  /// The attention sinks of `trace`, whose attention must be kept for every layer.
  public init(
    trace: Trace, options: Options = Options(), label: TokenLabeler = plainTokenLabel
  ) throws {
    let n = trace.tokenCount
    guard n >= 2 else {
      throw AnalysisError.promptTooShort(analysis: "attention-sinks", tokens: n, needed: 2)
    }
    try AnalysisError.check(
      options.threshold, in: 0...1, analysis: .attentionSinks, option: "threshold")
    try AnalysisError.check(
      options.candidates, in: 0...n, analysis: .attentionSinks, option: "candidates")
    let layerCount = trace.layerCount
    let heads = trace.headCount
    let patterns = try AnalysisError.patterns(
      trace, layers: Array(0..<layerCount), analysis: .attentionSinks)
    /// Mean over heads... of A[l, h, q, key] for queries after `key`, per layer and head.
    func keyShares(_ key: Int) -> [[Double]] {
      patterns.map { pattern in
        (0..<heads).map { head in
          var sum = 0.0
          for query in (key + 1)..<n {
            sum += Double(trace.attention(pattern, head: head, query: query, key: key))
          }
          return sum / Double(n - key - 1)
        }
      }
    }
    let shares = keyShares(0)
    let all = shares.flatMap { $0 }
    self.options = options
    self.shares = shares
    layerShares = shares.map { Vectors.mean($0) }
    meanShare = Vectors.mean(all)
    medianShare = Vectors.median(all)
    headsOverHalf = all.filter { $0 > 0.5 }.count
    let d = trace.width
    var ranked: [(key: Int, byLayer: [Double], share: Double)] = []
    for key in 1..<max(1, n - 1) {
      let byLayer: [Double] = keyShares(key).map { Vectors.mean($0) }
      ranked.append((key, byLayer, Vectors.mean(byLayer)))
    }
    ranked.sort { $0.share > $1.share || ($0.share == $1.share && $0.key < $1.key) }
    secondary = ranked.prefix(options.candidates).map { key, byLayer, share in
      Secondary(
        position: key, token: .init(id: trace.tokens[key], text: label(trace.tokens[key])),
        share: share, shareByLayer: byLayer,
        cosineToFirst: (0...layerCount).map { layer in
          Vectors.cosine(
            trace.residual, trace.residualStart(layer: layer, position: key),
            trace.residual, trace.residualStart(layer: layer, position: 0), d)
        },
        isSink: share >= options.threshold)
    }
    var findings = [
      "Across \(layerCount) layers × \(heads) heads, queries after the first put a mean "
        + "\(NumberText.percent(meanShare)) of their attention on the first token (median "
        + "\(NumberText.percent(medianShare))); \(headsOverHalf) of \(all.count) heads put more "
        + "than half there."
    ]
    if let strongest = secondary.first {
      let cosines = strongest.cosineToFirst
      findings.append(
        "The strongest later position is \(strongest.position) (\"\(strongest.token.text)\") "
          + "with \(NumberText.percent(strongest.share)) of the attention of the queries after it; "
          + "its residual's cosine to the first token's goes from "
          + "\(NumberText.significant(cosines[0])) at the embedding to "
          + "\(NumberText.significant(cosines.dropFirst().max() ?? cosines[0])) at most.")
    }
    self.findings = findings
  }
}

extension AnalysisKind {
  /// `analysis: attention-sinks`.
  public static let attentionSinks: AnalysisKind = "attention-sinks"
}
