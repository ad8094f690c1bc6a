import Engine
import Formatting
import Foundation

/// `logit-lens`: every layer's residual read as a next-token distribution (final norm, then U).
public struct LogitLens: Codable, Sendable, Equatable {
  /// Options of a logit-lens block.
  public struct Options: Codable, Sendable, Equatable {
    /// Whether the final RMSNorm is applied before U.
    public enum Norm: String, Codable, Sendable, CaseIterable { case final, none }
    /// The number a cell is coloured by.
    public enum Measure: String, Codable, Sendable, CaseIterable { case own, final, rank, entropy, kl }

    public var norm: Norm
    /// Tokens listed per cell (1...vocabulary).
    public var top: Int
    public var measure: Measure

    public init(norm: Norm = .final, top: Int = 5, measure: Measure = .own) {
      self.norm = norm
      self.top = top
      self.measure = measure
    }
  }

  /// One layer at one position.
  public struct Cell: Codable, Sendable, Equatable {
    /// The `top` most likely tokens of `q = softmax(U norm(h))`, most likely first.
    public let top: [TokenProbability]
    /// Entropy of q in nats: `-sum_v q_v ln q_v`.
    public let entropy: Double
    /// KL(p ‖ q) in nats, p the model's final distribution: `sum_v p_v (ln p_v - ln q_v)`.
    public let divergence: Double
    /// 1-based rank in q of the final top-1 token (1 + tokens with a larger logit).
    public let finalRank: Int
    /// q of the final top-1 token.
    public let finalProbability: Double
    /// 1-based rank in q of the prompt's actual next token; nil at the last position.
    public let nextRank: Int?
    /// q of the prompt's actual next token; nil at the last position.
    public let nextProbability: Double?
    /// The colour measure: own `q(top-1)`, final `finalProbability`, rank
    /// `log10(finalRank)`, entropy `entropy`, kl `divergence`.
    public let value: Double
  }

  public let options: Options
  /// The prompt's tokens.
  public let tokens: [TokenProbability.Label]
  /// Per position, the model's final top-1 token with its final probability.
  public let finalTokens: [TokenProbability]
  /// `cells[l][i]`: layer `l` (0: the embedding, l: after block l) at position `i`.
  public let cells: [[Cell]]
  /// Per position, the first layer from which the lens top-1 equals the final top-1 at every
  /// later layer; nil when the last layer's top-1 differs (possible with `norm: none`).
  public let settleLayers: [Int?]
  /// One to three sentences with the numbers.
  public let findings: [String]

  /// Positions read together; 64 keep a block's logits of a 256k vocabulary near 200 MB.
  static let positionsPerBlock = 64

  /// The logit lens of `trace` through `unembedding`.
  public init(
    trace: Trace, unembedding: Unembedding, options: Options = Options(),
    label: TokenLabeler = plainTokenLabel
  ) throws {
    let n = trace.tokenCount
    let vocabulary = trace.vocabularySize
    try AnalysisError.check(options.top, in: 1...vocabulary, analysis: .logitLens, option: "top")
    guard unembedding.matrix.columns == trace.width else {
      throw AnalysisError.widthMismatch(
        what: "the unembedding", expected: trace.width, found: unembedding.matrix.columns)
    }
    guard unembedding.vocabularySize == vocabulary else {
      throw AnalysisError.widthMismatch(
        what: "the trace's logits (vocabulary)", expected: unembedding.vocabularySize,
        found: vocabulary)
    }
    let tokens = trace.tokens
    var rows = [[CellStats]](repeating: [], count: trace.layerCount + 1)
    var finalIDs: [Int] = []
    var finalProbability: [Double] = []
    // A block of positions at a time: the layer logits and the final distributions of a block
    // are vocabulary-sized per position, so memory stays bounded however long the prompt.
    for first in stride(from: 0, to: n, by: Self.positionsPerBlock) {
      let count = min(Self.positionsPerBlock, n - first)
      let finals = (first..<(first + count)).map {
        Distribution(logits: trace.logits(position: $0))
      }
      let ids = finals.map { $0.top(1)[0] }
      let finalProbabilities = ParallelMap.map(count: count) { finals[$0].probabilities() }
      finalIDs += ids
      finalProbability += zip(finals, ids).map { Double($0.probability($1)) }
      for layer in 0...trace.layerCount {
        let start = trace.residualStart(layer: layer, position: first)
        let x = Array(trace.residual[start..<(start + count * trace.width)])
        let logits = unembedding.logits(x, rows: count, normalise: options.norm == .final)
        rows[layer] += ParallelMap.map(count: count) { row in
          let position = first + row
          return CellStats(
            logits: logits[(row * vocabulary)..<((row + 1) * vocabulary)],
            final: finals[row], finalProbabilities: finalProbabilities[row],
            finalID: ids[row],
            nextID: position + 1 < n ? tokens[position + 1] : nil, top: options.top)
        }
      }
    }
    self.options = options
    self.tokens = tokens.map { TokenProbability.Label(id: $0, text: label($0)) }
    finalTokens = (0..<n).map {
      TokenProbability(
        id: finalIDs[$0], text: label(finalIDs[$0]), probability: finalProbability[$0])
    }
    cells = rows.map { $0.map { $0.cell(measure: options.measure, label: label) } }
    settleLayers = (0..<n).map { position in
      var settle: Int? = nil
      for layer in stride(from: trace.layerCount, through: 0, by: -1) {
        guard rows[layer][position].top[0] == finalIDs[position] else { break }
        settle = layer
      }
      return settle
    }
    findings = Self.findings(
      cells: cells, finalTokens: finalTokens, settleLayers: settleLayers,
      layerCount: trace.layerCount)
  }

  private static func findings(
    cells: [[Cell]], finalTokens: [TokenProbability], settleLayers: [Int?], layerCount: Int
  ) -> [String] {
    let last = finalTokens.count - 1
    let answer = finalTokens[last]
    var findings: [String] = []
    let middle = layerCount / 2
    let middleCell = cells[middle][last]
    if let settle = settleLayers[last] {
      findings.append(
        "At the last position the final answer \"\(answer.text)\" is the lens's top-1 from "
          + "layer \(settle) of \(layerCount) on; at layer \(middle) it ranks "
          + "\(middleCell.finalRank) with probability "
          + "\(NumberText.significant(middleCell.finalProbability))."
      )
    } else {
      findings.append(
        "At the last position the lens's top-1 never settles on the final answer "
          + "\"\(answer.text)\"; at layer \(middle) it ranks \(middleCell.finalRank).")
    }
    let medians = [0, middle, layerCount].map { layer in
      Vectors.median(cells[layer].map(\.divergence))
    }
    findings.append(
      "The median KL(final ‖ layer) over positions is \(NumberText.significant(medians[0])) nats at the "
        + "embedding, \(NumberText.significant(medians[1])) at layer \(middle) and "
        + "\(NumberText.significant(medians[2])) at layer \(layerCount).")
    return findings
  }
}

/// The numbers of one logit-lens cell before tokens get their labels.
private struct CellStats: Sendable {
  let top: [Int]
  let topProbabilities: [Double]
  let entropy: Double
  let divergence: Double
  let finalRank: Int
  let finalProbability: Double
  let nextRank: Int?
  let nextProbability: Double?

  init(
    logits: ArraySlice<Float>, final: Distribution, finalProbabilities: [Float], finalID: Int,
    nextID: Int?, top k: Int
  ) {
    let lens = Distribution(logits: logits)
    top = lens.top(k)
    topProbabilities = top.map { lens.probability($0) }
    entropy = lens.entropy
    divergence = lens.divergence(of: final, probabilities: finalProbabilities)
    finalRank = lens.rank(of: finalID)
    finalProbability = lens.probability(finalID)
    nextRank = nextID.map { lens.rank(of: $0) }
    nextProbability = nextID.map { lens.probability($0) }
  }

  func cell(measure: LogitLens.Options.Measure, label: TokenLabeler) -> LogitLens.Cell {
    let value: Double
    switch measure {
    case .own: value = topProbabilities[0]
    case .final: value = finalProbability
    case .rank: value = log10(Double(finalRank))
    case .entropy: value = entropy
    case .kl: value = divergence
    }
    return LogitLens.Cell(
      top: zip(top, topProbabilities).map {
        TokenProbability(id: $0, text: label($0), probability: $1)
      },
      entropy: entropy, divergence: divergence, finalRank: finalRank,
      finalProbability: finalProbability, nextRank: nextRank, nextProbability: nextProbability,
      value: value)
  }
}

extension AnalysisKind {
  /// `analysis: logit-lens`.
  public static let logitLens: AnalysisKind = "logit-lens"
}
