import Analysis
import Engine
import Figures
import Formatting
import Foundation

/// `massive-activations`: per layer, the largest |h| of the residual against the layer's
/// median, on a logarithmic axis, with the dimensions that pass the massive test in a table.
public struct MassiveActivationsRenderer: LensRenderer {
  public let analysis = AnalysisKind.massiveActivations
  public let reportSection: ReportSection? = ReportSection(
    heading: "Massive activations",
    intro: "A handful of numbers in the residual stream grow thousands of times larger than "
      + "the rest, in the same dimensions and on the first tokens whatever the prompt: how "
      + "large, where, and from which layer on.",
    caption: "The largest residual value against the layer's median, per layer.",
    summary: "The few numbers that dwarf the rest")

  /// A renderer.
  public init() {}

  public struct Options: LensOptions {
    var ratio: Double?
    var floor: Double?

    public func check() throws(LensOptionError) {
      try require(ratio, in: 1...1e9, "ratio")
      try require(floor, in: 0...1e12, "floor")
    }

    var analysis: MassiveActivations.Options {
      var options = MassiveActivations.Options()
      options.ratio = ratio ?? options.ratio
      options.floor = floor ?? options.floor
      return options
    }
  }

  /// The analysis and the prompt's token labels (the table names the positions).
  public struct Result: Codable {
    let massive: MassiveActivations
    let tokens: [String]
  }

  public func run(_ block: LensInput<Options>, in environment: LensEnvironment) throws -> Result {
    let model = try LoadedModel.named(block.request.model, in: environment)
    let trace = try model.trace(of: block, in: environment)
    let label = model.label
    return Result(
      massive: try MassiveActivations(
        trace: trace, options: block.options.analysis, label: label),
      tokens: trace.tokens.map(label))
  }

  public func draw(_ drawn: Result, for block: LensInput<Options>, in context: FigureContext)
    throws -> LensFigure
  {
    let result = drawn.massive
    let layerCount = result.layers.count - 1
    let description =
      "The largest |h| of the residual of \(context.fileName(block.request.model)) after each "
      + "of its \(layerCount) layers (0: the embedding) over \(drawn.tokens.count) positions, "
      + "divided by the median |h| of the same layer (logarithmic axis), against the test's "
      + "ratio; a dashed line marks the first layer with an activation over "
      + "\(NumberText.trimmed(result.options.floor)) and "
      + "\(NumberText.trimmed(result.options.ratio))× the median."
    let chart = LineChart(
      meta: FigureMeta(
        slug: context.idPrefix, title: "The largest activation against the median, per layer",
        description: description),
      series: [
        LineSeries(name: "largest ÷ median", values: result.layers.map(\.ratio)),
        LineSeries(
          name: "\(NumberText.trimmed(result.options.ratio))× (the test)",
          values: result.layers.map { _ in result.options.ratio }),
      ],
      xTitle: "layer", yTitle: "times the median", yScale: .log10,
      markers: result.firstLayer.map { [LineChart.Marker(x: Double($0), label: "massive")] }
        ?? [],
      digits: 0)
    let rows = result.dimensions.prefix(8).map { dimension in
      [
        String(dimension.dimension),
        "\(dimension.layers.first!)-\(dimension.layers.last!) (\(dimension.layers.count))",
        dimension.positions.prefix(4).map { "\($0) \(drawn.tokens[$0])" }
          .joined(separator: ", ") + (dimension.positions.count > 4 ? ", …" : ""),
        NumberText.significant(dimension.peak),
      ]
    }
    return LensFigure(
      svg: chart.svg(), data: try CanonicalJSON.string(drawn), alt: description,
      finding: result.findings.joined(separator: " "),
      table: rows.isEmpty
        ? nil
        : LensTable(header: ["dimension", "layers (rows)", "positions", "peak"], rows: rows))
  }
}
