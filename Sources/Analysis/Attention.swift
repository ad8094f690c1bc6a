import Engine
import Formatting
import Foundation

/// `attention`: chosen attention patterns, and every head classified as a sink, previous-token,
/// self or diffuse head with the score of each behaviour.
public struct Attention: Codable, Sendable, Equatable {
  /// One head of one layer.
  public struct HeadID: Codable, Sendable, Equatable, Hashable {
    public let layer: Int
    public let head: Int

    public init(layer: Int, head: Int) {
      self.layer = layer
      self.head = head
    }
  }

  /// Options of an attention block.
  public struct Options: Codable, Sendable, Equatable {
    /// Heads whose full pattern is included (layer 0...L-1, head 0...H-1).
    public var patterns: [HeadID]
    /// Score a behaviour needs to name the head (0...1).
    public var threshold: Double

    public init(patterns: [HeadID] = [], threshold: Double = 0.5) {
      self.patterns = patterns
      self.threshold = threshold
    }
  }

  /// What a head mostly does.
  public enum Kind: String, Codable, Sendable, CaseIterable {
    case sink, previous, `self`, diffuse
  }

  /// The scores of one head; every mean is over queries q = 1..<n.
  public struct HeadScore: Codable, Sendable, Equatable {
    public let layer: Int
    public let head: Int
    /// `mean_q A[q, 0]`.
    public let sink: Double
    /// `mean_q A[q, q-1]`.
    public let previous: Double
    /// `mean_q A[q, q]`.
    public let selfScore: Double
    /// `mean_q H(A[q, 0...q]) / ln(q + 1)`: 1 for uniform attention over the visible keys.
    public let entropy: Double
    /// The largest of sink, previous and self when it reaches the threshold (ties in that
    /// order), else diffuse.
    public let kind: Kind
    /// The score of `kind` (for diffuse: `entropy`).
    public let score: Double
  }

  /// A full pattern, `weights[q][k] = A[l, h, q, k]`.
  public struct Pattern: Codable, Sendable, Equatable {
    public let layer: Int
    public let head: Int
    public let weights: [[Double]]
  }

  public let options: Options
  /// `heads[l][h]`.
  public let heads: [[HeadScore]]
  /// Number of heads of each kind (keys: the kind names).
  public let counts: [String: Int]
  /// The patterns asked for, in the order asked.
  public let patterns: [Pattern]
  /// One to three sentences with the numbers.
  public let findings: [String]

  /// The attention analysis of `trace`, whose attention must be kept for every layer.
  public init(trace: Trace, options: Options = Options()) throws {
    let n = trace.tokenCount
    let layerCount = trace.layerCount
    let headCount = trace.headCount
    guard n >= 2 else {
      throw AnalysisError.promptTooShort(analysis: "attention", tokens: n, needed: 2)
    }
    try AnalysisError.check(options.threshold, in: 0...1, analysis: .attention, option: "threshold")
    for id in options.patterns {
      try AnalysisError.check(
        id.layer, in: 0...(layerCount - 1), analysis: .attention, option: "layer")
      try AnalysisError.check(
        id.head, in: 0...(headCount - 1), analysis: .attention, option: "head")
    }
    let all = try AnalysisError.patterns(trace, layers: Array(0..<layerCount), analysis: .attention)
    heads = (0..<layerCount).map { layer in
      (0..<headCount).map { head in
        Self.score(all[layer], trace: trace, layer: layer, head: head, threshold: options.threshold)
      }
    }
    var counts: [String: Int] = [:]
    for kind in Kind.allCases { counts[kind.rawValue] = 0 }
    for score in heads.joined() { counts[score.kind.rawValue, default: 0] += 1 }
    self.counts = counts
    patterns = options.patterns.map { id in
      Pattern(
        layer: id.layer, head: id.head,
        weights: (0..<n).map { query in
          (0..<n).map { key in
            Double(trace.attention(all[id.layer], head: id.head, query: query, key: key))
          }
        })
    }
    self.options = options
    let flat = Array(heads.joined())
    var findings = [
      "Of \(flat.count) heads: \(counts["sink"] ?? 0) sink, "
        + "\(counts["previous"] ?? 0) previous-token, \(counts["self"] ?? 0) self "
        + "and \(counts["diffuse"] ?? 0) diffuse (threshold \(NumberText.significant(options.threshold)))."
    ]
    if let best = flat.max(by: {
      $0.previous < $1.previous || ($0.previous == $1.previous && $0.layer > $1.layer)
    }) {
      findings.append(
        "The strongest previous-token head is layer \(best.layer) head \(best.head), which puts "
          + "\(NumberText.percent(best.previous)) of each query's attention on the token before it.")
    }
    self.findings = findings
  }

  private static func score(
    _ pattern: [Float], trace: Trace, layer: Int, head: Int, threshold: Double
  ) -> HeadScore {
    let n = trace.tokenCount
    var sink = 0.0
    var previous = 0.0
    var selfScore = 0.0
    var entropy = 0.0
    for query in 1..<n {
      sink += Double(trace.attention(pattern, head: head, query: query, key: 0))
      previous += Double(trace.attention(pattern, head: head, query: query, key: query - 1))
      selfScore += Double(trace.attention(pattern, head: head, query: query, key: query))
      var h = 0.0
      for key in 0...query {
        let a = Double(trace.attention(pattern, head: head, query: query, key: key))
        if a > 0 { h -= a * log(a) }
      }
      entropy += h / log(Double(query + 1))
    }
    let count = Double(n - 1)
    sink /= count
    previous /= count
    selfScore /= count
    entropy /= count
    var kind = Kind.diffuse
    var score = entropy
    for (candidate, value) in [(Kind.sink, sink), (.previous, previous), (.self, selfScore)]
    where value >= threshold && (kind == .diffuse || value > score) {
      kind = candidate
      score = value
    }
    return HeadScore(
      layer: layer, head: head, sink: sink, previous: previous, selfScore: selfScore,
      entropy: entropy, kind: kind, score: score)
  }
}

extension AnalysisKind {
  /// `analysis: attention`.
  public static let attention: AnalysisKind = "attention"
}
