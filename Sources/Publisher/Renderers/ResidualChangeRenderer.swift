import Analysis
import Engine
import Figures
import Foundation

/// `residual-change`: how much each block changes the residual at each position, in percent of
/// its norm, as a layer x position heatmap (`view: heatmap`, the default), as the median per
/// block with its interquartile band (`view: median`), or as the cosine between layers
/// (`view: cosine`), with a table of layer medians.
public struct ResidualChangeRenderer: LensRenderer {
  public let analysis = AnalysisKind.residualChange
  public let reportSection: ReportSection? = ReportSection(
    heading: "Small steps",
    intro: "How much each block changes the residual stream, as a share of its size before "
      + "the block. In large models most blocks change it only a little; the first and "
      + "the last blocks are the usual exceptions.",
    caption: "Change of the residual per block and position, in percent of its norm.",
    summary: "How much each block changes the state")

  /// A renderer.
  public init() {}

  public func validate(_ request: LensRequest) throws(LensOptionError) {
    _ = try options(request)
  }

  /// The figures a block can ask for (`view:`).
  enum View: String, CaseIterable { case heatmap, median, cosine }

  func options(_ request: LensRequest) throws(LensOptionError) -> (
    ResidualChange.Options, Bool?, View
  ) {
    let block = BlockOptions(request, allowed: ["gaps", "view"])
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
    return (options, try block.bos(), try block.choice("view", View.self) ?? .heatmap)
  }

  public func render(_ request: LensRequest, in environment: LensEnvironment) throws -> LensFigure
  {
    let (options, bos, view) = try options(request)
    let model = try LoadedModel.named(request.model, in: environment)
    let trace = try model.trace(of: request, bos: bos, in: environment)
    let tokens = trace.tokens
    let result = try ResidualChange(trace: trace, options: options)
    let layerCount = result.steps.count
    let (svg, description): (String, String)
    let finding: String
    switch view {
    case .median:
      (svg, description) = medianChart(result, model: model, in: environment)
      finding = result.medianViewFinding
    case .cosine:
      (svg, description) = cosineChart(result, model: model, in: environment)
      finding = result.cosineViewFinding
    case .heatmap:
      (svg, description) = heatmap(result, tokens: tokens, model: model, in: environment)
      finding = result.findings.joined(separator: " ")
    }
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
      svg: svg, data: try CanonicalJSON.string(result), alt: description,
      finding: finding,
      table: LensTable(
        header: ["block", "median change %", "attention %", "MLP %", "mean cosine"], rows: rows))
  }

  /// The layer x position heatmap of the change per block.
  func heatmap(
    _ result: ResidualChange, tokens: [Int], model: LoadedModel, in environment: LensEnvironment
  ) -> (String, String) {
    let layerCount = result.steps.count
    let values = result.steps.map { row in row.map { Optional($0.changePercent) } }
    // The first position and the first block change far more than the rest, and a few blocks
    // spike; the colours span the other cells up to their 95th percentile (larger values take
    // the top colour; the tooltips and data keep them).
    let rest = result.steps.dropFirst().flatMap { $0.dropFirst().map(\.changePercent) }
      .filter(\.isFinite).sorted()
    let mapping =
      rest.isEmpty
      ? ColourMapping(scale: .viridis, fitting: values.joined().compactMap { $0 })
      : ColourMapping(
        scale: .viridis, lower: rest[0], upper: rest[Int(Double(rest.count - 1) * 0.95)])
    let description =
      "How much each of the \(layerCount) blocks of \(model.file.fileName) changes the residual "
      + "at each of \(tokens.count) positions, in percent of the residual's norm before it "
      + "(colours span the changes of blocks 2 on after the first position up to their 95th "
      + "percentile; larger changes take the top colour)."
    let heatmap = NumericHeatmap(
      meta: FigureMeta(
        slug: environment.idPrefix, title: "Residual change per block (% of norm)",
        description: description),
      values: values, rowLabels: (1...layerCount).map(String.init),
      columnLabels: tokens.map(model.label), rowTitle: "block", columnTitle: "token",
      measure: "change (% of norm)", mapping: mapping, firstRowAtBottom: true, digits: 1)
    return (heatmap.svg(), description)
  }

  /// The median change per block over positions after the first, with its interquartile band,
  /// on a logarithmic axis (the first block changes the residual many times over).
  func medianChart(_ result: ResidualChange, model: LoadedModel, in environment: LensEnvironment)
    -> (String, String)
  {
    var points: [LineSeries.Point] = []
    var band: [LineSeries.Band] = []
    for (index, row) in result.steps.enumerated() {
      let changes = row.dropFirst().map(\.changePercent).filter(\.isFinite).sorted()
      guard !changes.isEmpty else { continue }
      func quantile(_ q: Double) -> Double {
        let position = q * Double(changes.count - 1)
        let low = Int(position.rounded(.down))
        let high = min(low + 1, changes.count - 1)
        return changes[low] + (changes[high] - changes[low]) * (position - Double(low))
      }
      let block = Double(index + 1)
      points.append(.init(x: block, y: result.layers[index].medianChangePercent))
      band.append(.init(x: block, low: quantile(0.25), high: quantile(0.75)))
    }
    let description =
      "Median change per block of \(model.file.fileName), in percent of the residual's norm, "
      + "over the positions after the first, with the band from the first to the third quartile "
      + "(logarithmic axis)."
    let chart = LineChart(
      meta: FigureMeta(
        slug: environment.idPrefix, title: "Change per block (% of norm)",
        description: description),
      series: [
        LineSeries(
          name: "median, quartiles", points: points, band: band, markers: true)
      ],
      xTitle: "block", yTitle: "change (% of norm)", yScale: .log10, digits: 0)
    return (chart.svg(), description)
  }

  /// The mean cosine between the residual after each block and the one before it, and across
  /// the gaps of the block's `gaps` option.
  func cosineChart(_ result: ResidualChange, model: LoadedModel, in environment: LensEnvironment)
    -> (String, String)
  {
    var series = [
      LineSeries(
        name: "adjacent layers",
        points: result.layers.enumerated().map {
          .init(x: Double($0.offset + 1), y: $0.element.meanCosine)
        },
        markers: true)
    ]
    for gap in result.gapCosines {
      series.append(
        LineSeries(
          name: "\(gap.gap) layers apart",
          points: gap.meanCosine.enumerated().map {
            .init(x: Double($0.offset + gap.gap), y: $0.element)
          }))
    }
    let description =
      "Mean cosine, over the positions after the first, between the residual of "
      + "\(model.file.fileName) after each layer and the residual one layer earlier"
      + result.gapCosines.map { " and \($0.gap) layers earlier" }.joined(separator: ",") + "."
    let chart = LineChart(
      meta: FigureMeta(
        slug: environment.idPrefix, title: "Similarity of the residual across layers",
        description: description),
      series: series, xTitle: "layer", yTitle: "mean cosine", digits: 1)
    return (chart.svg(), description)
  }
}
