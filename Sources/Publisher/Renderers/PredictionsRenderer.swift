import Analysis
import Engine
import Figures
import Formatting
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

  public struct Options: LensOptions {
    var position: Int?
    var top: Int?

    public func check() throws(LensOptionError) {
      try require(position, in: 0...1_000_000, "position")
      try require(top, in: 1...50, "top")
    }
  }

  public func run(_ block: LensInput<Options>, in environment: LensEnvironment) throws
    -> Predictions
  {
    var options = Predictions.Options()
    options.position = block.options.position
    options.top = block.options.top ?? options.top
    let model = try LoadedModel.named(block.request.model, in: environment)
    let trace = try model.trace(of: block, in: environment)
    return try Predictions(trace: trace, options: options, label: model.label)
  }

  public func draw(
    _ result: Predictions, for block: LensInput<Options>, in context: FigureContext
  ) throws -> LensFigure {
    let title = "Next token after \"\(result.token.text)\" (position \(result.position))"
    let description =
      "Probabilities of the \(result.top.count) most likely next tokens of "
      + "\(context.fileName(block.request.model)); the first is \"\(result.top[0].text)\"."
    let heatmap = NumericHeatmap(
      meta: FigureMeta(slug: context.idPrefix, title: title, description: description),
      values: result.top.map { [$0.probability] }, rowLabels: result.top.map(\.text),
      columnLabels: ["p"], rowTitle: "next token", columnTitle: "", measure: "probability",
      mapping: ColourMapping(
        scale: .viridis, lower: 0, upper: max(result.top[0].probability, 0.01)),
      cellSize: 20, digits: 3)
    let rows = result.top.enumerated().map { index, token in
      [String(index + 1), token.text, NumberText.fixed(token.probability, 4)]
    }
    return LensFigure(
      svg: heatmap.svg(), data: try CanonicalJSON.string(result), alt: description,
      finding: result.findings.joined(separator: " "),
      table: LensTable(header: ["rank", "token", "probability"], rows: rows))
  }
}
