import Analysis
import Engine
import Figures
import Formatting
import Foundation

/// `attention-sinks`: the share of attention every head of every layer puts on the first token,
/// as a layer x head heatmap with a table of the strongest later positions.
public struct AttentionSinksRenderer: LensRenderer {
  public let analysis = AnalysisKind.attentionSinks
  public let minimumPromptTokens = 2
  public let reportSection: ReportSection? = ReportSection(
    heading: "Attention sinks",
    intro: "Heads with nothing useful to attend to park their attention on the first "
      + "token. The map shows the share of attention each head of each layer puts there; "
      + "the table lists later positions that draw attention the same way.",
    caption: "Share of attention on the first token, per layer and head.",
    summary: "Where attention goes when it has nowhere to go")

  /// A renderer.
  public init() {}

  public struct Options: LensOptions {
    var candidates: Int?
    var threshold: Double?

    public func check() throws(LensOptionError) {
      try require(threshold, in: 0...1, "threshold")
      try require(candidates, in: 0...20, "candidates")
    }
  }

  /// The shares, and the first token as the description names it.
  public struct Result: Codable {
    let sinks: AttentionSinks
    let firstToken: String
  }

  public func run(_ block: LensInput<Options>, in environment: LensEnvironment) throws -> Result {
    var options = AttentionSinks.Options()
    options.threshold = block.options.threshold ?? options.threshold
    let model = try LoadedModel.named(block.request.model, in: environment)
    let trace = try model.trace(of: block, attention: true, in: environment)
    // By default as many candidates as a short prompt has keys after the first.
    options.candidates =
      block.options.candidates ?? min(options.candidates, max(trace.tokenCount - 1, 0))
    return Result(
      sinks: try AttentionSinks(trace: trace, options: options, label: model.label),
      firstToken: model.label(trace.tokens[0]))
  }

  /// Layer x head shares of attention on the first token, in percent.
  public func grid(_ drawn: Result, for block: LensInput<Options>) -> ValueGrid? {
    ValueGrid(
      values: drawn.sinks.shares.map { $0.map { $0 * 100 } }, rowTitle: "layer",
      columnTitle: "head",
      columnLabels: (0..<(drawn.sinks.shares.first?.count ?? 0)).map(String.init),
      measure: "share %")
  }

  public func draw(_ drawn: Result, for block: LensInput<Options>, in context: FigureContext)
    throws -> LensFigure
  {
    let result = drawn.sinks
    let layerCount = result.shares.count
    let headCount = result.shares.first?.count ?? 0
    let description =
      "Share of attention that each of the \(headCount) heads in each of the \(layerCount) "
      + "layers of \(context.fileName(block.request.model)) puts on the first token "
      + "(\"\(drawn.firstToken)\"), averaged over the later queries."
    var heatmap = NumericHeatmap(
      meta: FigureMeta(
        slug: context.idPrefix, title: "Attention on the first token",
        description: description),
      values: result.shares.map { $0.map { Optional($0 * 100) } },
      rowLabels: (0..<layerCount).map(String.init), columnLabels: (0..<headCount).map(String.init),
      rowTitle: "layer", columnTitle: "head", measure: "share %",
      mapping: ColourMapping(scale: .viridis, lower: 0, upper: 100), firstRowAtBottom: true,
      digits: 1)
    heatmap.rowHeight = context.rowHeight(rows: layerCount, cellSize: 16)
    let rows = result.secondary.map { candidate in
      [
        String(candidate.position), candidate.token.text,
        NumberText.percent(candidate.share), candidate.isSink ? "yes" : "no",
      ]
    }
    return LensFigure(
      svg: heatmap.svg(), data: try CanonicalJSON.string(result), alt: description,
      finding: result.findings.joined(separator: " "),
      table: rows.isEmpty
        ? nil
        : LensTable(header: ["position", "token", "attention share", "sink"], rows: rows))
  }
}
