import Analysis
import Engine
import Figures
import Formatting
import Foundation

/// `memory-purge`: per layer, how strongly the residual still reads as the prompt's input words
/// (E) against the answer it is building (U), as three curves over the layers with a table of a
/// few layers.
public struct MemoryPurgeRenderer: LensRenderer {
  public let analysis = AnalysisKind.memoryPurge
  public let minimumPromptTokens = 2
  public let reportSection: ReportSection? = ReportSection(
    heading: "The memory purge",
    intro: "Whether the last layers wipe out the prompt's own words to make room for the "
      + "answer: how strongly the input words can still be read from the state, layer by "
      + "layer, against the guess that takes their place.",
    caption: "The prompt's own words against the lens guess, per layer.",
    summary: "What the last layers wipe out")

  /// A renderer.
  public init() {}

  /// The amplitudes per layer, and how many positions they average.
  public struct Result: Codable {
    let purge: MemoryPurge
    let tokenCount: Int
  }

  public func run(_ block: LensInput<NoLensOptions>, in environment: LensEnvironment) throws
    -> Result
  {
    let model = try LoadedModel.named(block.request.model, in: environment)
    let trace = try model.trace(of: block, in: environment)
    guard trace.tokenCount >= 2 else {
      throw LensOptionError(
        key: "prompt",
        "memory-purge needs a prompt of at least 2 tokens (the first position is left out); "
          + "this one is \(trace.tokenCount)")
    }
    return Result(
      purge: try MemoryPurge(
        trace: trace, dictionaries: try model.dictionaries(in: environment),
        unembedding: model.unembedding(in: environment)),
      tokenCount: trace.tokenCount)
  }

  /// The three curves' amplitudes.
  public func valueRange(_ drawn: Result, for block: LensInput<NoLensOptions>)
    -> ClosedRange<Double>?
  {
    let values = drawn.purge.layers.flatMap { [$0.ownInput, $0.promptInput, $0.output] }
      .filter(\.isFinite)
    guard let low = values.min(), let high = values.max() else { return nil }
    return low...high
  }

  public func draw(
    _ drawn: Result, for block: LensInput<NoLensOptions>, in context: FigureContext
  ) throws -> LensFigure {
    let result = drawn.purge
    let layerCount = result.layers.count - 1
    let description =
      "Mean amplitude (cosine) of the residual of \(context.fileName(block.request.model)) "
      + "after each of its "
      + "\(layerCount) layers (0: the embedding) on the position's own input word, on the best "
      + "prompt word so far (both rows of E), and on the logit lens's top-1 output word (a row "
      + "of U), over \(drawn.tokenCount - 1) positions after the first."
    var chart = LineChart(
      meta: FigureMeta(
        slug: context.idPrefix, title: "Input words against the answer, per layer",
        description: description),
      series: [
        LineSeries(name: "own input word", values: result.layers.map(\.ownInput)),
        LineSeries(name: "best prompt word", values: result.layers.map(\.promptInput)),
        LineSeries(name: "top-1 output word", values: result.layers.map(\.output)),
      ],
      xTitle: "layer", yTitle: "amplitude (cosine)",
      markers: [LineChart.Marker(x: Double(result.outputPeakLayer), label: "output peak")])
    chart.spanning = context.sharedRange
    // The same layers as the findings: L/6 layers before the end, and the end.
    let before = max(0, layerCount - max(1, layerCount / 6))
    let layers = Set([
      0, layerCount / 4, layerCount / 2, before, result.outputPeakLayer, layerCount,
    ])
    let rows = layers.sorted().map { layer in
      let values = result.layers[layer]
      return [
        String(layer), NumberText.fixed(values.ownInput),
        NumberText.fixed(values.promptInput), NumberText.fixed(values.output),
      ]
    }
    return LensFigure(
      svg: chart.svg(), data: try CanonicalJSON.string(result), alt: description,
      finding: result.findings.joined(separator: " "),
      table: LensTable(
        header: ["layer", "own input word", "best prompt word", "top-1 output word"],
        rows: rows))
  }
}
