import Formatting

extension ResidualChange {
  /// The finding under the `median` view: where the median change per block peaks and bottoms
  /// out after the first block (which rewrites the embedding), and that first block.
  public var medianViewFinding: String {
    let later = layers.enumerated().dropFirst()
    guard
      let high = later.max(by: { $0.element.medianChangePercent < $1.element.medianChangePercent }),
      let low = later.min(by: { $0.element.medianChangePercent < $1.element.medianChangePercent }),
      let first = layers.first
    else { return findings.joined(separator: " ") }
    return "After the first block (\(NumberText.significant(first.medianChangePercent))% of the "
      + "embedding's norm), the median change per block ranges from "
      + "\(NumberText.significant(low.element.medianChangePercent))% at block \(low.offset + 1) to "
      + "\(NumberText.significant(high.element.medianChangePercent))% at block \(high.offset + 1); over "
      + "the middle layers it is \(NumberText.significant(middleMedianChangePercent))%."
  }

  /// The finding under the `cosine` view: the adjacent-layer cosine, where it is lowest, and
  /// the mean cosine across each gap.
  public var cosineViewFinding: String {
    let adjacent = layers.map(\.meanCosine)
    guard let lowest = adjacent.indices.min(by: { adjacent[$0] < adjacent[$1] }) else {
      return findings.joined(separator: " ")
    }
    var sentence =
      "Adjacent layers have a mean cosine of \(NumberText.significant(Vectors.mean(adjacent))), lowest "
      + "(\(NumberText.significant(adjacent[lowest]))) at layer \(lowest + 1)"
    let gaps = gapCosines.filter { !$0.meanCosine.isEmpty }
    if !gaps.isEmpty {
      sentence += "; residuals "
        + gaps.map {
          "\($0.gap) layers apart have \(NumberText.significant(Vectors.mean($0.meanCosine)))"
        }.joined(separator: ", ")
        + " on average"
    }
    return sentence + "."
  }
}
