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
    /// More prompts, run only to see whether the same dimensions are massive there too.
    var otherPrompts: [String]?

    enum CodingKeys: String, CodingKey {
      case ratio, floor
      case otherPrompts = "other-prompts"
    }

    public func check() throws(LensOptionError) {
      try require(ratio, in: 1...1e9, "ratio")
      try require(floor, in: 0...1e12, "floor")
      if let otherPrompts, otherPrompts.isEmpty || otherPrompts.count > 8
        || otherPrompts.contains(where: \.isEmpty)
      {
        throw LensOptionError(
          key: "other-prompts", "other-prompts must be a list of 1 to 8 non-empty prompts")
      }
    }

    var analysis: MassiveActivations.Options {
      var options = MassiveActivations.Options()
      options.ratio = ratio ?? options.ratio
      options.floor = floor ?? options.floor
      return options
    }
  }

  /// The analysis, the prompt's token labels (the table names the positions), and for each
  /// massive dimension in how many of the other prompts it is massive too.
  public struct Result: Codable {
    let massive: MassiveActivations
    let tokens: [String]
    let otherPrompts: Int
    let recurrence: [Int]
  }

  public func run(_ block: LensInput<Options>, in environment: LensEnvironment) throws -> Result {
    let model = try LoadedModel.named(block.request.model, in: environment)
    let trace = try model.trace(of: block, in: environment)
    let label = model.label
    let options = block.options.analysis
    let massive = try MassiveActivations(trace: trace, options: options, label: label)
    let others = try (block.options.otherPrompts ?? []).map { prompt in
      try MassiveActivations(
        trace: model.trace(model.tokens(prompt, bos: block.bos), in: environment),
        options: options)
    }
    return Result(
      massive: massive, tokens: trace.tokens.map(label), otherPrompts: others.count,
      recurrence: massive.recurrence(in: others).map(\.prompts))
  }

  /// The largest-to-median ratios and the test's ratio (a logarithmic axis).
  public func valueRange(_ drawn: Result, for block: LensInput<Options>) -> ClosedRange<Double>? {
    let values = drawn.massive.layers.map(\.ratio).filter { $0.isFinite && $0 > 0 }
      + [drawn.massive.options.ratio]
    guard let low = values.min(), let high = values.max() else { return nil }
    return low...high
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
    var chart = LineChart(
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
    chart.spanning = context.sharedRange
    let others = drawn.otherPrompts
    let rows = zip(result.dimensions, drawn.recurrence).prefix(8).map { dimension, recurring in
      [
        String(dimension.dimension),
        dimension.layers.count == 1
          ? "\(dimension.layers[0]) (1)"
          : "\(dimension.layers.first!)-\(dimension.layers.last!) (\(dimension.layers.count))",
        dimension.positions.prefix(4).map { "\($0) \(drawn.tokens[$0])" }
          .joined(separator: ", ") + (dimension.positions.count > 4 ? ", …" : ""),
        NumberText.significant(dimension.peak),
      ] + (others > 0 ? ["\(recurring) of \(others)"] : [])
    }
    var finding = result.findings.joined(separator: " ")
    if others > 0, let first = result.dimensions.first {
      let everywhere = zip(result.dimensions, drawn.recurrence).filter { $0.1 == others }
        .map { String($0.0.dimension) }
      finding +=
        " Of \(others) other prompt\(others == 1 ? "" : "s"), "
        + (everywhere.isEmpty
          ? "none has all of this prompt's massive dimensions (\(first.dimension) first)."
          : "every one has dimension\(everywhere.count == 1 ? "" : "s") "
            + everywhere.joined(separator: ", ") + " massive too.")
    }
    return LensFigure(
      svg: chart.svg(), data: try CanonicalJSON.string(drawn), alt: description,
      finding: finding,
      table: rows.isEmpty
        ? nil
        : LensTable(
          header: ["dimension", "layers (rows)", "positions", "peak"]
            + (others > 0 ? ["other prompts"] : []), rows: rows))
  }
}
