import Engine
import Formatting
import Foundation

/// `residual-change`: how much each block changes the residual stream, split into its
/// attention and MLP parts, and how similar layers are to each other.
public struct ResidualChange: Codable, Sendable, Equatable {
  /// Options of a residual-change block.
  public struct Options: Codable, Sendable, Equatable {
    /// Layer gaps for the cosine between `h_l` and `h_(l-gap)` besides 1 (each 1...layers).
    public var gaps: [Int]

    public init(gaps: [Int] = [5, 15]) { self.gaps = gaps }
  }

  /// One block `l` (1-based: the block that makes `h_l` from `h_(l-1)`) at one position.
  public struct Step: Codable, Sendable, Equatable {
    /// `100 |h_l - h_(l-1)| / |h_(l-1)|`.
    public let changePercent: Double
    /// `100 |m_l - h_(l-1)| / |h_(l-1)|`, `m_l` the stream after the attention add.
    public let attentionPercent: Double
    /// `100 |h_l - m_l| / |h_(l-1)|`.
    public let mlpPercent: Double
    /// `cos(h_l, h_(l-1))`.
    public let cosine: Double
  }

  /// Per-layer summary over the positions after the first.
  public struct LayerSummary: Codable, Sendable, Equatable {
    /// Median of `changePercent` over positions 1..<n.
    public let medianChangePercent: Double
    /// Median of `attentionPercent` over positions 1..<n.
    public let medianAttentionPercent: Double
    /// Median of `mlpPercent` over positions 1..<n.
    public let medianMLPPercent: Double
    /// Mean of `cos(h_l, h_(l-1))` over positions 1..<n.
    public let meanCosine: Double
  }

  /// Cosines across a gap of layers.
  public struct GapCosine: Codable, Sendable, Equatable {
    /// The gap g.
    public let gap: Int
    /// For l = g...layers: mean over positions 1..<n of `cos(h_l, h_(l-g))` (index l - g).
    public let meanCosine: [Double]
  }

  public let options: Options
  /// `steps[l - 1][i]`: block l at position i (every position, the first included).
  public let steps: [[Step]]
  /// `layers[l - 1]`: block l summarised over positions 1..<n.
  public let layers: [LayerSummary]
  /// `firstPosition[l - 1]`: block l at position 0 (BOS, or the first token), apart because
  /// its norm dwarfs the rest.
  public let firstPosition: [Step]
  /// Cosines across each gap of `options.gaps`.
  public let gapCosines: [GapCosine]
  /// `rms[l][i] = sqrt(mean_j h_l[i, j]^2)` for l = 0...layers (0: the embedding).
  public let rms: [[Double]]
  /// `medianRMS[l]`: median of `rms[l][i]` over positions 1..<n.
  public let medianRMS: [Double]
  /// Median of `changePercent` over the middle layers (l in layers/4 ... 3 layers/4) and
  /// positions 1..<n.
  public let middleMedianChangePercent: Double
  /// One to three sentences with the numbers.
  public let findings: [String]

  /// The residual change of `trace`; needs at least two tokens and one layer.
  public init(trace: Trace, options: Options = Options()) throws {
    let n = trace.tokenCount
    let layerCount = trace.layerCount
    let d = trace.width
    guard n >= 2 else {
      throw AnalysisError.promptTooShort(analysis: "residual-change", tokens: n, needed: 2)
    }
    guard layerCount >= 1 else {
      throw AnalysisError.optionOutOfRange(
        analysis: "residual-change", option: "layers", value: "0", allowed: "1... layers")
    }
    for gap in options.gaps {
      try AnalysisError.check(gap, in: 1...layerCount, analysis: .residualChange, option: "gaps")
    }
    let residual = trace.residual
    let mid = trace.residualMid
    let steps = ParallelMap.map(count: layerCount) { index in
      let layer = index + 1
      return (0..<n).map { position in
        let before = trace.residualStart(layer: layer - 1, position: position)
        let after = trace.residualStart(layer: layer, position: position)
        let middle = trace.residualMidStart(layer: layer - 1, position: position)
        let base = Vectors.norm(residual, before, d)
        let scale = base > 0 ? 100 / base : 0
        return Step(
          changePercent: Vectors.distance(residual, after, residual, before, d) * scale,
          attentionPercent: Vectors.distance(mid, middle, residual, before, d) * scale,
          mlpPercent: Vectors.distance(residual, after, mid, middle, d) * scale,
          cosine: Vectors.cosine(residual, after, residual, before, d))
      }
    }
    self.steps = steps
    let layers = steps.map { row in
      let rest = row.dropFirst()
      return LayerSummary(
        medianChangePercent: Vectors.median(rest.map(\.changePercent)),
        medianAttentionPercent: Vectors.median(rest.map(\.attentionPercent)),
        medianMLPPercent: Vectors.median(rest.map(\.mlpPercent)),
        meanCosine: Vectors.mean(rest.map(\.cosine)))
    }
    self.layers = layers
    firstPosition = steps.map { $0[0] }
    gapCosines = options.gaps.map { gap in
      GapCosine(
        gap: gap,
        meanCosine: (gap...layerCount).map { layer in
          Vectors.mean(
            (1..<n).map { position in
              Vectors.cosine(
                residual, trace.residualStart(layer: layer, position: position),
                residual, trace.residualStart(layer: layer - gap, position: position), d)
            })
        })
    }
    let rms = (0...layerCount).map { layer in
      (0..<n).map { position in
        Vectors.norm(residual, trace.residualStart(layer: layer, position: position), d)
          / Double(d).squareRoot()
      }
    }
    self.rms = rms
    let medianRMS = rms.map { Vectors.median(Array($0.dropFirst())) }
    self.medianRMS = medianRMS
    let middleLayers = max(1, layerCount / 4)...max(1, (3 * layerCount) / 4)
    let middleMedianChangePercent = Vectors.median(
      middleLayers.flatMap { steps[$0 - 1].dropFirst().map(\.changePercent) })
    self.middleMedianChangePercent = middleMedianChangePercent
    self.options = options
    var findings = [
      "Over the middle layers (\(middleLayers.lowerBound)-\(middleLayers.upperBound)) a "
        + "block changes the residual by a median \(NumberText.significant(middleMedianChangePercent))% "
        + "of its norm; adjacent layers have mean cosine "
        + "\(NumberText.significant(Vectors.mean(layers.map(\.meanCosine)))), the last block "
        + "\(NumberText.significant(layers[layerCount - 1].meanCosine))."
    ]
    let middle = layerCount / 2
    if medianRMS[middle] > 0 {
      findings.append(
        "At layer \(middle) the first position's RMS is "
          + "\(NumberText.significant(rms[middle][0])), \(NumberText.significant(rms[middle][0] / medianRMS[middle]))"
          + " times the median \(NumberText.significant(medianRMS[middle])) of the other positions.")
    }
    self.findings = findings
  }
}

extension AnalysisKind {
  /// `analysis: residual-change`.
  public static let residualChange: AnalysisKind = "residual-change"
}
