import Analysis
import Engine
import Figures
import Foundation

/// `attention-sinks`: the share of attention every head of every layer puts on the first token,
/// as a layer x head heatmap with a table of the strongest later positions.
public struct AttentionSinksRenderer: LensRenderer {
  public let analysis = AnalysisKind.attentionSinks
  public let reportSection: ReportSection? = ReportSection(
    heading: "Attention sinks",
    intro: "Heads with nothing useful to attend to park their attention on the first "
      + "token. The map shows the share of attention each head of each layer puts there; "
      + "the table lists later positions that draw attention the same way.",
    caption: "Share of attention on the first token, per layer and head.",
    summary: "Where attention goes when it has nowhere to go")

  /// A renderer.
  public init() {}

  public func validate(_ request: LensRequest) throws(LensOptionError) {
    _ = try options(request)
  }

  func options(_ request: LensRequest) throws(LensOptionError) -> (AttentionSinks.Options, Bool?)
  {
    let block = BlockOptions(request, allowed: ["candidates", "threshold"])
    try block.checkKeys()
    var options = AttentionSinks.Options()
    options.threshold = try block.double("threshold", in: 0...1) ?? options.threshold
    options.candidates = try block.int("candidates", in: 0...20) ?? options.candidates
    return (options, try block.bos())
  }

  public func render(_ request: LensRequest, in environment: LensEnvironment) throws -> LensFigure
  {
    let (options, bos) = try options(request)
    let model = try LoadedModel.named(request.model, in: environment)
    let trace = try model.trace(of: request, bos: bos, in: environment)
    let tokens = trace.tokens
    let result = try AttentionSinks(trace: trace, options: options, label: model.label)
    let layerCount = result.shares.count
    let headCount = result.shares.first?.count ?? 0
    let description =
      "Share of attention that each of the \(headCount) heads in each of the \(layerCount) "
      + "layers of \(model.file.fileName) puts on the first token "
      + "(\"\(model.label(tokens[0]))\"), averaged over the later queries."
    let heatmap = NumericHeatmap(
      meta: FigureMeta(
        slug: environment.idPrefix, title: "Attention on the first token",
        description: description),
      values: result.shares.map { $0.map { Optional($0 * 100) } },
      rowLabels: (0..<layerCount).map(String.init), columnLabels: (0..<headCount).map(String.init),
      rowTitle: "layer", columnTitle: "head", measure: "share %",
      mapping: ColourMapping(scale: .viridis, lower: 0, upper: 100), firstRowAtBottom: true,
      digits: 1)
    let rows = result.secondary.map { candidate in
      [
        String(candidate.position), candidate.token.text,
        String(format: "%.1f%%", candidate.share * 100), candidate.isSink ? "yes" : "no",
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
