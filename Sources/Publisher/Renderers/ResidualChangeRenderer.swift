import Analysis
import Engine
import Figures
import Foundation

/// `residual-change`: how much each block changes the residual at each position, in percent of
/// its norm, as a layer x position heatmap with a table of layer medians.
public struct ResidualChangeRenderer: LensRenderer {
  public let analysis = AnalysisKind.residualChange
  public let codeVersion = "residual-change-2"

  /// A renderer.
  public init() {}

  public func validate(_ request: LensRequest) throws(LensOptionError) {
    _ = try options(request)
  }

  func options(_ request: LensRequest) throws(LensOptionError) -> (ResidualChange.Options, Bool?)
  {
    let block = BlockOptions(request, allowed: ["gaps"])
    try block.checkKeys()
    var options = ResidualChange.Options()
    if let value = request.options["gaps"] {
      let items: [LensValue]
      if case .list(let list) = value { items = list } else { items = [value] }
      var gaps: [Int] = []
      for item in items {
        guard case .int(let gap) = item, gap >= 1 else {
          throw LensOptionError(
            key: "gaps", "gaps must be a list of layer distances of at least 1, like [5, 15]")
        }
        gaps.append(gap)
      }
      options.gaps = gaps
    }
    return (options, try block.bos())
  }

  public func render(_ request: LensRequest, in environment: LensEnvironment) throws -> LensFigure
  {
    let (options, bos) = try options(request)
    let model = try LoadedModel.named(request.model, in: environment)
    let trace = try model.trace(of: request, bos: bos, in: environment)
    let tokens = trace.tokens
    let result = try ResidualChange(trace: trace, options: options)
    let layerCount = result.steps.count
    let values = result.steps.map { row in row.map { Optional($0.changePercent) } }
    // The first position and the first block change far more than the rest; the colours fit
    // the others (larger values take the top colour; the tooltips and data keep them).
    let mapping = ColourMapping(
      scale: .viridis,
      fitting: result.steps.dropFirst().flatMap { $0.dropFirst().map(\.changePercent) })
    let description =
      "How much each of the \(layerCount) blocks of \(model.file.fileName) changes the residual "
      + "at each of \(tokens.count) positions, in percent of the residual's norm before it "
      + "(colours fit blocks 2 on after the first position; larger changes take the top colour)."
    let heatmap = NumericHeatmap(
      meta: FigureMeta(
        slug: environment.idPrefix, title: "Residual change per block (% of norm)",
        description: description),
      values: values, rowLabels: (1...layerCount).map(String.init),
      columnLabels: tokens.map(model.label), rowTitle: "block", columnTitle: "token",
      measure: "change (% of norm)", mapping: mapping, firstRowAtBottom: true, digits: 1)
    let quarters = [1, layerCount / 4, layerCount / 2, 3 * layerCount / 4, layerCount]
    let rows = Array(Set(quarters.map { max(1, $0) })).sorted().map { layer in
      let summary = result.layers[layer - 1]
      return [
        String(layer), String(format: "%.1f", summary.medianChangePercent),
        String(format: "%.1f", summary.medianAttentionPercent),
        String(format: "%.1f", summary.medianMLPPercent),
        String(format: "%.3f", summary.meanCosine),
      ]
    }
    return LensFigure(
      svg: heatmap.svg(), data: try CanonicalJSON.string(result), alt: description,
      finding: result.findings.joined(separator: " "),
      table: LensTable(
        header: ["block", "median change %", "attention %", "MLP %", "mean cosine"], rows: rows))
  }
}
