import Formatting
import Foundation

/// `compare`: two runs (two prompts on one model, or one prompt on two models) side by side,
/// with the logit lens and the residual change aligned layer by layer.
///
/// Layers are aligned by relative depth (layer l of the left run against layer
/// `round(l * L_right / L_left)` of the right), positions from the end (the last with the last),
/// and tokens are compared by their text so that two vocabularies can be compared.
public struct Comparison: Codable, Sendable, Equatable {
  /// One side of the comparison.
  public struct Side: Codable, Sendable, Equatable {
    /// A name for the run (model and/or prompt).
    public let name: String
    /// The final top-1 token at the last position.
    public let answer: TokenProbability
    /// Its middle-layers median change per block, in percent.
    public let middleMedianChangePercent: Double
  }

  public let left: Side
  public let right: Side
  /// Number of positions compared (the shorter prompt's length).
  public let alignedPositions: Int
  /// `lensAgreement[l]` for left layers l = 0...L_left: the fraction of aligned positions whose
  /// lens top-1 texts agree at layer l and its aligned right layer.
  public let lensAgreement: [Double]
  /// `changeDifference[l - 1]` for left blocks l = 1...L_left: left minus right median
  /// `changePercent` (over positions 1..<n) at the aligned block, in percentage points.
  public let changeDifference: [Double]
  /// Whether the two final answers at the last position have the same text.
  public let sameAnswer: Bool
  /// One to three sentences with the numbers.
  public let findings: [String]

  /// Compares two runs given their logit lens and residual change.
  public init(
    leftName: String, leftLens: LogitLens, leftChange: ResidualChange,
    rightName: String, rightLens: LogitLens, rightChange: ResidualChange
  ) throws {
    let leftLayers = leftLens.cells.count - 1
    let rightLayers = rightLens.cells.count - 1
    guard leftLayers >= 1, rightLayers >= 1,
      leftChange.layers.count == leftLayers, rightChange.layers.count == rightLayers
    else {
      throw AnalysisError.optionOutOfRange(
        analysis: "compare", option: "runs", value: "mismatched results",
        allowed: "a logit lens and a residual change of the same trace on each side")
    }
    func aligned(_ layer: Int) -> Int {
      Int((Double(layer * rightLayers) / Double(leftLayers)).rounded())
    }
    let leftCount = leftLens.tokens.count
    let rightCount = rightLens.tokens.count
    let count = min(leftCount, rightCount)
    lensAgreement = (0...leftLayers).map { layer in
      let other = aligned(layer)
      var same = 0
      for back in 1...count {
        let a = leftLens.cells[layer][leftCount - back].top[0].text
        let b = rightLens.cells[other][rightCount - back].top[0].text
        if a == b { same += 1 }
      }
      return Double(same) / Double(count)
    }
    changeDifference = (1...leftLayers).map { block in
      let other = max(1, aligned(block))
      return leftChange.layers[block - 1].medianChangePercent
        - rightChange.layers[other - 1].medianChangePercent
    }
    alignedPositions = count
    left = Side(
      name: leftName, answer: leftLens.finalTokens[leftCount - 1],
      middleMedianChangePercent: leftChange.middleMedianChangePercent)
    right = Side(
      name: rightName, answer: rightLens.finalTokens[rightCount - 1],
      middleMedianChangePercent: rightChange.middleMedianChangePercent)
    sameAnswer = left.answer.text == right.answer.text
    let meanAgreement = Vectors.mean(lensAgreement)
    // The median, not the mean: a few early blocks change the residual by hundreds of percent.
    let typicalDifference = Vectors.median(changeDifference.map { abs($0) })
    findings = [
      "\(leftName) answers \"\(left.answer.text)\" (p = \(NumberText.significant(left.answer.probability))) "
        + "and \(rightName) \"\(right.answer.text)\" (p = "
        + "\(NumberText.significant(right.answer.probability)))"
        + (sameAnswer ? ": the same token." : "."),
      "Their \(leftLens.options.lens.modifier) top-1 tokens agree at \(NumberText.percent(meanAgreement)) of the aligned "
        + "cells over \(count) positions, and at \(NumberText.percent(lensAgreement[leftLayers])) "
        + "in the last layer.",
      "The median change per block differs by \(NumberText.significant(typicalDifference)) percentage "
        + "points in a typical block (\(NumberText.significant(left.middleMedianChangePercent))% against "
        + "\(NumberText.significant(right.middleMedianChangePercent))% over the middle layers).",
    ]
  }
}

extension AnalysisKind {
  /// `analysis: compare`.
  public static let compare: AnalysisKind = "compare"
}
