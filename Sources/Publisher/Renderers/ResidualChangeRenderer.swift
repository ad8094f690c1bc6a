import Analysis
import Engine
import Figures
import Formatting
import Foundation

/// `residual-change`: how much each block changes the residual at each position, in percent of
/// its norm, as a layer x position heatmap (`view: heatmap`, the default), as the median per
/// block with its interquartile band (`view: median`), or as the cosine between layers
/// (`view: cosine`), with a table of layer medians.
public struct ResidualChangeRenderer: LensRenderer {
  public let analysis = AnalysisKind.residualChange
  public let minimumPromptTokens = 2
  public let reportSection: ReportSection? = ReportSection(
    heading: "Small steps",
    intro: "How much each block changes the residual stream, as a share of its size before "
      + "the block. In large models most blocks change it only a little; the first and "
      + "the last blocks are the usual exceptions.",
    caption: "Change of the residual per block and position, in percent of its norm.",
    summary: "How much each block changes the state")

  /// A renderer.
  public init() {}

  /// The figures a block can ask for (`view:`).
  enum View: String, CaseIterable, Decodable, LensChoice { case heatmap, median, cosine }

  public struct Options: LensOptions {
    var gaps: [Int]?
    var view: View?

    public func check() throws(LensOptionError) {
      if let gaps, gaps.contains(where: { $0 < 1 }) {
        throw LensOptionError(
          key: "gaps", "gaps must be a list of layer distances of at least 1, like [5, 15]")
      }
    }
  }

  /// The change per block, and the prompt's tokens as the heatmap labels them.
  public struct Result: Codable {
    let change: ResidualChange
    let tokens: [String]
  }

  public func run(_ block: LensInput<Options>, in environment: LensEnvironment) throws -> Result {
    var options = ResidualChange.Options()
    options.gaps = block.options.gaps ?? options.gaps
    let model = try LoadedModel.named(block.request.model, in: environment)
    let trace = try model.trace(of: block, in: environment)
    return Result(
      change: try ResidualChange(trace: trace, options: options),
      tokens: trace.tokens.map(model.label))
  }

  public func draw(_ drawn: Result, for block: LensInput<Options>, in context: FigureContext)
    throws -> LensFigure
  {
    let result = drawn.change
    let model = context.fileName(block.request.model)
    let layerCount = result.steps.count
    let (svg, description): (String, String)
    let finding: String
    switch block.options.view ?? .heatmap {
    case .median:
      (svg, description) = medianChart(result, model: model, in: context)
      finding = result.medianViewFinding
    case .cosine:
      (svg, description) = cosineChart(result, model: model, in: context)
      finding = result.cosineViewFinding
    case .heatmap:
      (svg, description) = heatmap(result, tokens: drawn.tokens, model: model, in: context)
      finding = result.findings.joined(separator: " ")
    }
    let quarters = [1, layerCount / 4, layerCount / 2, 3 * layerCount / 4, layerCount]
    let rows = Array(Set(quarters.map { max(1, $0) })).sorted().map { layer in
      let summary = result.layers[layer - 1]
      return [
        String(layer), NumberText.fixed(summary.medianChangePercent, 1),
        NumberText.fixed(summary.medianAttentionPercent, 1),
        NumberText.fixed(summary.medianMLPPercent, 1),
        NumberText.fixed(summary.meanCosine, 3),
      ]
    }
    return LensFigure(
      svg: svg, data: try CanonicalJSON.string(result), alt: description,
      finding: finding,
      table: LensTable(
        header: ["block", "median change %", "attention %", "MLP %", "mean cosine"], rows: rows))
  }

  /// The heatmap's colours: the changes of blocks 2 on after the first position, from the
  /// least up to their 95th percentile.
  static func colourRange(_ result: ResidualChange) -> ClosedRange<Double> {
    let rest = result.steps.dropFirst().flatMap { $0.dropFirst().map(\.changePercent) }
      .filter(\.isFinite).sorted()
    guard !rest.isEmpty else {
      let all = ColourMapping(scale: .viridis, fitting: result.steps.joined().map(\.changePercent))
      return all.lower...all.upper
    }
    return rest[0]...rest[Int(Double(rest.count - 1) * 0.95)]
  }

  /// Block x position change in percent (the heatmap view; the others are curves).
  public func grid(_ result: Result, for block: LensInput<Options>) -> ValueGrid? {
    guard (block.options.view ?? .heatmap) == .heatmap else { return nil }
    return ValueGrid(
      values: result.change.steps.map { $0.map(\.changePercent) }, rowTitle: "block",
      columnTitle: "position", columnLabels: result.tokens, measure: "change %", firstRow: 1)
  }

  /// The heatmap's colour range; the other views have fixed or logarithmic axes of their own.
  public func valueRange(_ result: Result, for block: LensInput<Options>) -> ClosedRange<Double>? {
    (block.options.view ?? .heatmap) == .heatmap ? Self.colourRange(result.change) : nil
  }

  /// The layer x position heatmap of the change per block.
  func heatmap(
    _ result: ResidualChange, tokens: [String], model: String, in context: FigureContext
  ) -> (String, String) {
    let layerCount = result.steps.count
    let values = result.steps.map { row in row.map { Optional($0.changePercent) } }
    // The first position and the first block change far more than the rest, and a few blocks
    // spike; the colours span the other cells up to their 95th percentile (larger values take
    // the top colour; the tooltips and data keep them).
    let mapping = ColourMapping(scale: .viridis, range: context.range(Self.colourRange(result)))
    let description =
      "How much each of the \(layerCount) blocks of \(model) changes the residual "
      + "at each of \(tokens.count) positions, in percent of the residual's norm before it "
      + "(colours span the changes of blocks 2 on after the first position up to their 95th "
      + "percentile; larger changes take the top colour)."
    var heatmap = NumericHeatmap(
      meta: FigureMeta(
        slug: context.idPrefix, title: "Residual change per block (% of norm)",
        description: description),
      values: values, rowLabels: (1...layerCount).map(String.init),
      columnLabels: tokens, rowTitle: "block", columnTitle: "token",
      measure: "change (% of norm)", mapping: mapping, firstRowAtBottom: true, digits: 1)
    heatmap.rowHeight = context.rowHeight(rows: layerCount, cellSize: 16)
    return (heatmap.svg(), description)
  }

  /// The median change per block over positions after the first, with its interquartile band,
  /// on a logarithmic axis (the first block changes the residual many times over).
  func medianChart(_ result: ResidualChange, model: String, in context: FigureContext)
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
      "Median change per block of \(model), in percent of the residual's norm, "
      + "over the positions after the first, with the band from the first to the third quartile "
      + "(logarithmic axis)."
    let chart = LineChart(
      meta: FigureMeta(
        slug: context.idPrefix, title: "Change per block (% of norm)",
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
  func cosineChart(_ result: ResidualChange, model: String, in context: FigureContext)
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
      + "\(model) after each layer and the residual one layer earlier"
      + result.gapCosines.map { " and \($0.gap) layers earlier" }.joined(separator: ",") + "."
    let chart = LineChart(
      meta: FigureMeta(
        slug: context.idPrefix, title: "Similarity of the residual across layers",
        description: description),
      series: series, xTitle: "layer", yTitle: "mean cosine", digits: 1)
    return (chart.svg(), description)
  }
}
