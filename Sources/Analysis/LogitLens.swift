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
    /// The prompt's last positions that are read (1 or more). Earlier positions still shape
    /// them through attention, but each read position costs one vocabulary-sized readout per
    /// layer, so a long prompt's lens stays bounded in time, memory and page size.
    public var positions: Int
    /// The readout: the raw logit lens or a tuned lens (which always normalises).
    public var lens: LensKind

    /// The positions read by default: as many as a heatmap can show legibly.
    public static let defaultPositions = 64

    public init(
      norm: Norm = .final, top: Int = 5, measure: Measure = .own,
      positions: Int = Options.defaultPositions, lens: LensKind = .logit
    ) {
      self.norm = norm
      self.top = top
      self.measure = measure
      self.positions = positions
      self.lens = lens
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
  /// The number of tokens in the prompt; the lens reads its last `tokens.count` positions.
  public let promptLength: Int
  /// The tokens at the read positions, the prompt's last `min(positions, promptLength)`.
  public let tokens: [TokenProbability.Label]
  /// Per read position, the model's final top-1 token with its final probability.
  public let finalTokens: [TokenProbability]
  /// `cells[l][i]`: layer `l` (0: the embedding, l: after block l) at read position `i`,
  /// which is position `firstPosition + i` of the prompt.
  public let cells: [[Cell]]
  /// Per read position, the first layer from which the lens top-1 equals the final top-1 at every
  /// later layer; nil when the last layer's top-1 differs (possible with `norm: none`).
  public let settleLayers: [Int?]
  /// One to three sentences with the numbers.
  public let findings: [String]

  /// The prompt position of the first read position (0 when the whole prompt is read).
  public var firstPosition: Int { promptLength - tokens.count }

  /// The logit lens of `trace` through `unembedding`, or with `options.lens == .tuned` the
  /// tuned lens `tunedLens` (then required).
  public init(
    trace: Trace, unembedding: Unembedding, options: Options = Options(),
    label: TokenLabeler = plainTokenLabel, tunedLens: TunedLens? = nil
  ) throws {
    let translators = try LensKind.translators(
      options.lens, tunedLens, norm: options.norm, analysis: .logitLens, trace: trace)
    let n = trace.tokenCount
    let vocabulary = trace.vocabularySize
    try AnalysisError.check(options.top, in: 1...vocabulary, analysis: .logitLens, option: "top")
    // More positions than the prompt has reads the whole prompt.
    try AnalysisError.check(
      options.positions, in: 1...(1 << 24), analysis: .logitLens, option: "positions")
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
    let read = max(0, n - options.positions)..<n
    var rows = [[CellStats]](repeating: [], count: trace.layerCount + 1)
    var finalIDs: [Int] = []
    var finalProbability: [Double] = []
    // A block of positions at a time: the layer logits and the final distributions of a block
    // are vocabulary-sized per position, so memory stays bounded however many are read.
    for block in Unembedding.blocks(read) {
      let (first, count) = (block.lowerBound, block.count)
      let finals = block.map { Distribution(logits: trace.logits(position: $0)) }
      let ids = finals.map { $0.top(1)[0] }
      let finalProbabilities = ParallelMap.map(count: count) { finals[$0].probabilities() }
      finalIDs += ids
      finalProbability += zip(finals, ids).map { Double($0.probability($1)) }
      for layer in 0...trace.layerCount {
        let start = trace.residualStart(layer: layer, position: first)
        let x = Array(trace.residual[start..<(start + count * trace.width)])
        let logits = unembedding.logits(
          layer: layer, x, rows: count, lens: translators, normalise: options.norm == .final)
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
    promptLength = n
    self.tokens = tokens[read].map { TokenProbability.Label(id: $0, text: label($0)) }
    finalTokens = finalIDs.indices.map {
      TokenProbability(
        id: finalIDs[$0], text: label(finalIDs[$0]), probability: finalProbability[$0])
    }
    cells = rows.map { $0.map { $0.cell(measure: options.measure, label: label) } }
    settleLayers = finalIDs.indices.map { position in
      var settle: Int? = nil
      for layer in stride(from: trace.layerCount, through: 0, by: -1) {
        guard rows[layer][position].top[0] == finalIDs[position] else { break }
        settle = layer
      }
      return settle
    }
    findings = Self.findings(
      cells: cells, finalTokens: finalTokens, settleLayers: settleLayers,
      layerCount: trace.layerCount, promptLength: n)
  }

  private static func findings(
    cells: [[Cell]], finalTokens: [TokenProbability], settleLayers: [Int?], layerCount: Int,
    promptLength: Int
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
    let over =
      finalTokens.count == promptLength
      ? "positions" : "the last \(finalTokens.count) of \(promptLength) positions"
    findings.append(
      "The median KL(final ‖ layer) over \(over) is \(NumberText.significant(medians[0])) nats at the "
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
