import Engine
import Formatting
import Foundation

/// `massive-activations`: the few residual values that dwarf all others (Sun et al. 2024,
/// "Massive Activations in Large Language Models": in Llama 2 7B, dimensions 1415 and 2533 at
/// the first token, thousands of times the median). Per layer, the largest |h| against the
/// layer's median |h|, where it sits, and every activation that passes the paper's test:
/// larger than `floor` in absolute value and than `ratio` times the median.
public struct MassiveActivations: Codable, Sendable, Equatable {
  /// Options of a massive-activations block.
  public struct Options: Codable, Sendable, Equatable {
    /// How many times the layer's median |h| an activation must be (the paper: about 1,000).
    public var ratio: Double
    /// The smallest |h| that counts (the paper: 100).
    public var floor: Double

    public init(ratio: Double = 1000, floor: Double = 100) {
      self.ratio = ratio
      self.floor = floor
    }
  }

  /// One value of the residual stream.
  public struct Activation: Codable, Sendable, Equatable {
    /// 0: the embedding; l: after block l.
    public let layer: Int
    public let position: Int
    public let dimension: Int
    public let value: Double
  }

  /// One residual row of the trace (the embedding or a block's output).
  public struct Layer: Codable, Sendable, Equatable {
    /// Median |h| over every position and dimension.
    public let median: Double
    /// The largest |h|.
    public let largest: Activation
    /// `|largest| / median`.
    public let ratio: Double
    /// How many activations pass the test.
    public let massiveCount: Int
  }

  /// A dimension that is massive somewhere.
  public struct Dimension: Codable, Sendable, Equatable {
    public let dimension: Int
    /// The layers where it is massive, ascending.
    public let layers: [Int]
    /// The positions where it is massive, ascending.
    public let positions: [Int]
    /// Its largest |h|, signed.
    public let peak: Double
  }

  public let options: Options
  /// `layers[0]` is the embedding, `layers[l]` the residual after block l.
  public let layers: [Layer]
  /// The dimensions with a massive activation, the one massive in most layers first (ties:
  /// the larger peak first).
  public let dimensions: [Dimension]
  /// The first layer with a massive activation; nil when there is none.
  public let firstLayer: Int?
  /// Where attention goes (when the trace has it): over the blocks whose input holds a
  /// massive activation, the mean share of a query's attention on those positions, and what
  /// an even spread over the keys would give them.
  public struct SinkShare: Codable, Sendable, Equatable {
    public let blocks: Int
    public let share: Double
    public let evenShare: Double
  }
  public let sinkShare: SinkShare?
  /// One to three sentences with the numbers.
  public let findings: [String]

  /// Reads every residual row of `trace`; `label` names tokens in the findings.
  public init(
    trace: Trace, options: Options = Options(), label: (Int) -> String = { "\($0)" }
  ) throws {
    try AnalysisError.check(
      options.ratio, in: 1...1e9, analysis: .massiveActivations, option: "ratio")
    try AnalysisError.check(
      options.floor, in: 0...1e12, analysis: .massiveActivations, option: "floor")
    let (n, d) = (trace.tokenCount, trace.width)
    var layers: [Layer] = []
    var byDimension: [Int: (layers: Set<Int>, positions: Set<Int>, peak: Double)] = [:]
    var massivePositions: [Set<Int>] = []
    for layer in 0...trace.layerCount {
      let start = layer * n * d
      let row = trace.residual[start..<(start + n * d)]
      let magnitudes = row.map { abs(Double($0)) }
      let median = Vectors.median(magnitudes)
      var best = 0
      for (index, magnitude) in magnitudes.enumerated() where magnitude > magnitudes[best] {
        best = index
      }
      let threshold = max(options.floor, options.ratio * median)
      var count = 0
      var positions: Set<Int> = []
      for (index, magnitude) in magnitudes.enumerated() where magnitude > threshold {
        count += 1
        let (position, dimension) = index.quotientAndRemainder(dividingBy: d)
        let value = Double(row[start + index])
        positions.insert(position)
        var entry = byDimension[dimension] ?? ([], [], 0)
        entry.layers.insert(layer)
        entry.positions.insert(position)
        if abs(value) > abs(entry.peak) { entry.peak = value }
        byDimension[dimension] = entry
      }
      massivePositions.append(positions)
      let largest = Activation(
        layer: layer, position: best / d, dimension: best % d, value: Double(row[start + best]))
      layers.append(
        Layer(
          median: median, largest: largest,
          ratio: median > 0 ? magnitudes[best] / median : .infinity, massiveCount: count))
    }
    self.options = options
    self.layers = layers
    dimensions = byDimension.map { dimension, entry in
      Dimension(
        dimension: dimension, layers: entry.layers.sorted(), positions: entry.positions.sorted(),
        peak: entry.peak)
    }.sorted {
      ($0.layers.count, abs($0.peak), -$0.dimension) > ($1.layers.count, abs($1.peak), -$1.dimension)
    }
    firstLayer = layers.indices.first { layers[$0].massiveCount > 0 }
    sinkShare = Self.sinkShare(trace, massivePositions: massivePositions)
    findings = Self.findings(
      layers: layers, dimensions: dimensions, firstLayer: firstLayer, sinkShare: sinkShare,
      options: options, tokens: trace.tokens, label: label)
  }

  /// Block b (0-based) reads residual row b: its queries after the first, averaged over heads,
  /// against the keys that hold a massive activation in that row. Nil without attention or
  /// without a block whose input holds one.
  static func sinkShare(_ trace: Trace, massivePositions: [Set<Int>]) -> SinkShare? {
    let (n, heads) = (trace.tokenCount, trace.headCount)
    guard n >= 2 else { return nil }
    var (blocks, share, even) = (0, 0.0, 0.0)
    for block in 0..<trace.layerCount where !massivePositions[block].isEmpty {
      guard let attention = trace.attention[block] else { return nil }
      let keys = massivePositions[block].sorted()
      var (sum, evenSum) = (0.0, 0.0)
      for query in 1..<n {
        let held = keys.filter { $0 <= query }
        evenSum += Double(held.count) / Double(query + 1)
        for head in 0..<heads {
          let row = (head * n + query) * n
          for key in held { sum += Double(attention[row + key]) }
        }
      }
      blocks += 1
      share += sum / Double(heads * (n - 1))
      even += evenSum / Double(n - 1)
    }
    guard blocks > 0 else { return nil }
    return SinkShare(
      blocks: blocks, share: share / Double(blocks), evenShare: even / Double(blocks))
  }

  /// For each of this run's massive dimensions (in `dimensions` order), in how many of
  /// `others` (runs of other prompts) it is massive too.
  public func recurrence(in others: [MassiveActivations]) -> [(dimension: Int, prompts: Int)] {
    dimensions.map { dimension in
      (
        dimension.dimension,
        others.filter { $0.dimensions.contains { $0.dimension == dimension.dimension } }.count
      )
    }
  }

  private static func findings(
    layers: [Layer], dimensions: [Dimension], firstLayer: Int?, sinkShare: SinkShare?,
    options: Options, tokens: [Int], label: (Int) -> String
  ) -> [String] {
    let strongest = layers.indices.max { layers[$0].ratio < layers[$1].ratio }!
    let top = layers[strongest]
    func at(_ activation: Activation) -> String {
      "dimension \(activation.dimension) at position \(activation.position) "
        + "(\"\(label(tokens[activation.position]))\")"
    }
    let test =
      "over \(NumberText.trimmed(options.floor)) and over "
      + "\(NumberText.trimmed(options.ratio))× the layer's median |h|"
    guard let firstLayer else {
      return [
        "No activation is \(test); the largest is \(NumberText.significant(top.largest.value)) "
          + "at layer \(strongest), \(at(top.largest)), "
          + "\(NumberText.significant(top.ratio))× that layer's median."
      ]
    }
    let first = layers[firstLayer]
    var findings = [
      "Massive activations (\(test)) first appear at layer \(firstLayer): "
        + "\(at(first.largest)) holds \(NumberText.significant(first.largest.value)), "
        + "\(NumberText.significant(first.ratio))× the median.",
      "The largest against its layer is \(NumberText.significant(top.largest.value)) at layer "
        + "\(strongest), \(at(top.largest)), \(NumberText.significant(top.ratio))× the median "
        + "of \(NumberText.significant(top.median)).",
    ]
    let lasting = dimensions.prefix(3).map { dimension in
      let positions = dimension.positions.prefix(4).map { "\($0) (\"\(label(tokens[$0]))\")" }
        .joined(separator: ", ")
      let (first, last) = (dimension.layers.first!, dimension.layers.last!)
      return "dimension \(dimension.dimension) in \(dimension.layers.count) of "
        + "\(layers.count) rows (" + (first == last ? "layer \(first)" : "layers \(first)-\(last)")
        + ") at position\(dimension.positions.count == 1 ? "" : "s") \(positions)"
    }
    findings.append("Massive: " + lasting.joined(separator: "; ") + ".")
    if let sinkShare {
      findings.append(
        "In the \(sinkShare.blocks) blocks whose input holds them, queries put "
          + "\(NumberText.percent(sinkShare.share)) of their attention on those positions "
          + "(an even spread would give \(NumberText.percent(sinkShare.evenShare))).")
    }
    return findings
  }
}

extension AnalysisKind {
  public static let massiveActivations: AnalysisKind = "massive-activations"
}
