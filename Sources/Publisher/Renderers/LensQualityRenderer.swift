import Analysis
import Engine
import Figures
import Formatting
import Foundation

/// `lens-quality`: per layer, what the raw logit lens (and with `lens: both` the tuned lens)
/// costs on a text (its `prompt:`, best a long passage held out from the tuned lens's training
/// text), in bits per byte against the model's own output, with KL, entropy and top-1
/// agreement in the table.
public struct LensQualityRenderer: LensRenderer {
  public let analysis = AnalysisKind.lensQuality
  public let minimumPromptTokens = 2

  /// A renderer.
  public init() {}

  public struct Options: LensOptions {
    var lens: LensView?

    public func check() throws(LensOptionError) {
      if lens == .tuned {
        throw LensOptionError(
          key: "lens",
          "lens-quality always reads the raw logit lens as the reference; `lens: both` adds "
            + "the tuned lens")
      }
    }
  }

  public func lenses(for block: LensInput<Options>) -> [String] {
    block.options.lens == .both ? [block.request.model] : []
  }

  public func run(_ block: LensInput<Options>, in environment: LensEnvironment) throws
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
      trace: trace, unembedding: model.unembedding(in: environment), bytes: max(bytes, 1),
      tunedLens: block.options.lens == .both ? model.tunedLens(in: environment) : nil)
  }

  public func draw(_ result: LensQuality, for block: LensInput<Options>,
    in context: FigureContext) throws -> LensFigure
  {
    let last = result.layers.count - 1
    let description =
      "Cross-entropy of the next token in bits per byte of text when \(context.fileName(block.request.model)) "
      + "is read at each of its \(last) layers (0: the embedding) through its final norm and "
      + "output matrix"
      + (result.tunedLayers == nil ? "" : " (logit lens) and through the tuned lens's translators first")
      + ", over \(result.positions) positions (\(result.bytes) bytes), against "
      + "the model's own output (logarithmic axis)."
    let output = result.layers[last].bitsPerByte
    var series = [
      LineSeries(name: "logit lens", values: result.layers.map(\.bitsPerByte), markers: true)
    ]
    if let tuned = result.tunedLayers {
      series.append(
        LineSeries(name: "tuned lens", values: tuned.map(\.bitsPerByte), markers: true))
    }
    series.append(LineSeries(name: "the model's output", values: result.layers.map { _ in output }))
    var markers = result.usableLayer.map {
      [LineChart.Marker(x: Double($0), label: result.tunedLayers == nil ? "top-1 ≥ 50%" : "logit ≥ 50%")]
    } ?? []
    if let usable = result.tunedUsableLayer {
      markers.append(LineChart.Marker(x: Double(usable), label: "tuned ≥ 50%"))
    }
    let chart = LineChart(
      meta: FigureMeta(
        slug: context.idPrefix,
        title: result.tunedLayers == nil
          ? "What the logit lens costs, per layer" : "What the logit and tuned lenses cost, per layer",
        description: description),
      series: series, xTitle: "layer", yTitle: "bits per byte", yScale: .log10, markers: markers)
    let layers = Set(
      [0, last / 4, last / 2, 3 * last / 4, result.usableLayer ?? last,
        result.tunedUsableLayer ?? last, last])
    let rows = layers.sorted().map { layer in
      let values = result.layers[layer]
      let tuned = result.tunedLayers.map { tuned -> [String] in
        [NumberText.fixed(tuned[layer].divergence, 3), NumberText.fixed(tuned[layer].bitsPerByte, 3),
          NumberText.percent(tuned[layer].topOneAgreement)]
      } ?? []
      return [
        String(layer), NumberText.fixed(values.divergence, 3),
        NumberText.fixed(values.bitsPerByte, 3), NumberText.fixed(values.entropy, 3),
        NumberText.percent(values.topOneAgreement),
      ] + tuned
    }
    let tunedHeader =
      result.tunedLayers == nil ? [] : ["tuned KL (nats)", "tuned bits per byte", "tuned top-1 agrees"]
    return LensFigure(
      svg: chart.svg(), data: try CanonicalJSON.string(result), alt: description,
      finding: result.findings.joined(separator: " "),
      table: LensTable(
        header: ["layer", "KL to output (nats)", "bits per byte", "entropy (nats)", "top-1 agrees"]
          + tunedHeader,
        rows: rows))
  }
}
