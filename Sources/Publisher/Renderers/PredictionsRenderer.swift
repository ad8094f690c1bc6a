import Analysis
import Engine
import Figures
import Foundation

/// `predictions`: the model's top next tokens at one position, as a one-row heatmap of their
/// probabilities with a table of the same numbers.
public struct PredictionsRenderer: LensRenderer {
  public let analysis = AnalysisKind.predictions
  public let reportSection: ReportSection? = ReportSection(
    heading: "What comes next",
    intro: "First the model's own answer: the tokens it finds most likely to follow the "
      + "whole prompt, with their probabilities.",
    caption: "The most likely next tokens after the prompt.",
    summary: "The model's answer and its runners-up")

  /// A renderer.
  public init() {}

  public func validate(_ request: LensRequest) throws(LensOptionError) {
    _ = try options(request)
  }

  func options(_ request: LensRequest) throws(LensOptionError) -> (Predictions.Options, Bool?) {
    let block = BlockOptions(request, allowed: ["position", "top"])
    try block.checkKeys()
    var options = Predictions.Options()
    options.position = try block.int("position", in: 0...1_000_000)
    options.top = try block.int("top", in: 1...50) ?? options.top
    return (options, try block.bos())
  }

  public func render(_ request: LensRequest, in environment: LensEnvironment) throws -> LensFigure
  {
    let (options, bos) = try options(request)
    let model = try LoadedModel.named(request.model, in: environment)
    let trace = try model.trace(of: request, bos: bos, in: environment)
    let result = try Predictions(trace: trace, options: options, label: model.label)
    let title = "Next token after \"\(result.token.text)\" (position \(result.position))"
    let description =
      "Probabilities of the \(result.top.count) most likely next tokens of "
      + "\(model.file.fileName); the first is \"\(result.top[0].text)\"."
    let heatmap = NumericHeatmap(
      meta: FigureMeta(slug: environment.idPrefix, title: title, description: description),
      values: result.top.map { [$0.probability] }, rowLabels: result.top.map(\.text),
      columnLabels: ["p"], rowTitle: "next token", columnTitle: "", measure: "probability",
      mapping: ColourMapping(
        scale: .viridis, lower: 0, upper: max(result.top[0].probability, 0.01)),
      cellSize: 20, digits: 3)
    let rows = result.top.enumerated().map { index, token in
      [String(index + 1), token.text, String(format: "%.4f", token.probability)]
    }
    return LensFigure(
      svg: heatmap.svg(), data: try CanonicalJSON.string(result), alt: description,
      finding: result.findings.joined(separator: " "),
      table: LensTable(header: ["rank", "token", "probability"], rows: rows))
  }
}
