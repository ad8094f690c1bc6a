import Analysis
import Engine
import Figures
import Formatting
import Foundation

/// `predictions`: the model's top next tokens at one position, as horizontal bars of their
/// probabilities (most likely on top) with a table of the same numbers.
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

  /// From 0 to the most likely token's probability.
  public func valueRange(_ result: Predictions, for block: LensInput<Options>) -> ClosedRange<Double>?
  {
    0...max(result.top.first?.probability ?? 1, 1e-6)
  }

  public func draw(
    _ result: Predictions, for block: LensInput<Options>, in context: FigureContext
  ) throws -> LensFigure {
    let title = "Next token after \"\(result.token.text)\" (position \(result.position))"
    let description =
      "Probabilities of the \(result.top.count) most likely next tokens of "
      + "\(context.fileName(block.request.model)); the first is \"\(result.top[0].text)\"."
    let chart = BarChart(
      meta: FigureMeta(slug: context.idPrefix, title: title, description: description),
      bars: result.top.map { BarChart.Bar(label: $0.text, value: $0.probability) },
      valueTitle: "probability of the next token",
      spanning: context.sharedRange, digits: 3)
    let rows = result.top.enumerated().map { index, token in
      [String(index + 1), token.text, NumberText.fixed(token.probability, 4)]
    }
    return LensFigure(
      svg: chart.svg(), data: try CanonicalJSON.string(result), alt: description,
      finding: result.findings.joined(separator: " "),
      table: LensTable(header: ["rank", "token", "probability"], rows: rows))
  }
}
