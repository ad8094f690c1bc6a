import Analysis
import Engine
import Figures
import Formatting
import Foundation

/// `lens-quality`: per layer, what the raw logit lens costs on a text (its `prompt:`, best a
/// long passage), in bits per byte against the model's own output, with KL, entropy and top-1
/// agreement in the table.
public struct LensQualityRenderer: LensRenderer {
  public let analysis = AnalysisKind.lensQuality
  public let minimumPromptTokens = 2

  /// A renderer.
  public init() {}

  public func run(_ block: LensInput<NoLensOptions>, in environment: LensEnvironment) throws
    -> LensQuality
  {
    let model = try LoadedModel.named(block.request.model, in: environment)
    let trace = try model.trace(of: block, in: environment)
    guard trace.tokenCount >= 2 else {
      throw LensOptionError(
        key: "prompt",
        "lens-quality needs a text of at least 2 tokens (each position predicts the next); "
          + "this one is \(trace.tokenCount)")
    }
    let bytes = model.tokenizer.decode(Array(trace.tokens.dropFirst())).count
    return try LensQuality(
      trace: trace, unembedding: model.unembedding(in: environment), bytes: max(bytes, 1))
  }

  public func draw(_ result: LensQuality, for block: LensInput<NoLensOptions>,
    in context: FigureContext) throws -> LensFigure
  {
    let last = result.layers.count - 1
    let description =
      "Cross-entropy of the next token in bits per byte of text when \(context.fileName(block.request.model)) "
      + "is read at each of its \(last) layers (0: the embedding) through its final norm and "
      + "output matrix, over \(result.positions) positions (\(result.bytes) bytes), against "
      + "the model's own output (logarithmic axis)."
    let output = result.layers[last].bitsPerByte
    let chart = LineChart(
      meta: FigureMeta(
        slug: context.idPrefix, title: "What the logit lens costs, per layer",
        description: description),
      series: [
        LineSeries(name: "logit lens", values: result.layers.map(\.bitsPerByte), markers: true),
        LineSeries(name: "the model's output", values: result.layers.map { _ in output }),
      ],
      xTitle: "layer", yTitle: "bits per byte", yScale: .log10,
      markers: result.usableLayer.map { [LineChart.Marker(x: Double($0), label: "top-1 ≥ 50%")] }
        ?? [])
    let layers = Set([0, last / 4, last / 2, 3 * last / 4, result.usableLayer ?? last, last])
    let rows = layers.sorted().map { layer in
      let values = result.layers[layer]
      return [
        String(layer), NumberText.fixed(values.divergence, 3),
        NumberText.fixed(values.bitsPerByte, 3), NumberText.fixed(values.entropy, 3),
        NumberText.percent(values.topOneAgreement),
      ]
    }
    return LensFigure(
      svg: chart.svg(), data: try CanonicalJSON.string(result), alt: description,
      finding: result.findings.joined(separator: " "),
      table: LensTable(
        header: ["layer", "KL to output (nats)", "bits per byte", "entropy (nats)", "top-1 agrees"],
        rows: rows))
  }
}
