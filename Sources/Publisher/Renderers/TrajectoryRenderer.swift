import Analysis
import Engine
import Figures
import Foundation

/// `trajectory`: one prompt position followed through the layers with the logit lens, as a line
/// chart of the probability (or, with `measure: rank`, the rank on a log axis) of the last
/// layer's top tokens at every layer, with a table of where each token enters the top and
/// reaches rank 1.
public struct TrajectoryRenderer: LensRenderer {
  public let analysis = AnalysisKind.trajectory
  public let reportSection: ReportSection? = ReportSection(
    heading: "Following the answer",
    intro: "The same lens at the last position only: how the probability and the rank of "
      + "the tokens that end up on top change from layer to layer.",
    caption: "Probability and rank of the leading tokens at the last position, per layer.",
    summary: "The course of the final answer through the layers")

  /// Most tokens a block may follow: one line colour each, none repeated.
  static let maximumTop = FigureStyle.seriesCount
  /// Most rows of the table under the figure.
  static let maximumRows = 12

  /// A renderer.
  public init() {}

  public func validate(_ request: LensRequest) throws(LensOptionError) {
    _ = try options(request)
  }

  func options(_ request: LensRequest) throws(LensOptionError) -> (Trajectory.Options, Bool?) {
    let block = BlockOptions(request, allowed: ["measure", "norm", "position", "top"])
    _ = try block.choice("measure", ["probability", "rank"])
    try block.checkKeys()
    var options = Trajectory.Options()
    options.position = try block.int("position", in: 0...1_000_000)
    options.top = try block.int("top", in: 1...Self.maximumTop) ?? options.top
    options.norm = try block.choice("norm", LogitLens.Options.Norm.self) ?? options.norm
    return (options, try block.bos())
  }

  public func render(_ request: LensRequest, in environment: LensEnvironment) throws -> LensFigure {
    let (options, bos) = try options(request)
    let model = try LoadedModel.named(request.model, in: environment)
    let trace = try model.trace(of: request, bos: bos, in: environment)
    let count = trace.tokens.count
    if let position = options.position, position >= count {
      throw LensOptionError(
        key: "position",
        "position must be from 0 to \(count - 1) for this prompt of \(count) tokens, "
          + "not \(position)")
    }
    let result = try Trajectory(
      trace: trace, unembedding: model.unembedding(in: environment), options: options,
      label: model.label)
    let layerCount = result.layers.count - 1
    let byID = Dictionary(result.curves.map { ($0.token.id, $0) }, uniquingKeysWith: { a, _ in a })
    let charted = result.layers[layerCount].compactMap { byID[$0.id] }
    let byRank = request.options["measure"] == .string("rank")
    let description =
      (byRank ? "Rank" : "Probability") + ", read through the logit lens at position "
      + "\(result.position) (\"\(result.token.text)\") of \(model.file.fileName), of the \(charted.count) tokens "
      + "on top at the last layer, at each of the \(layerCount + 1) layers (0 = embedding)."
    var markers: [LineChart.Marker] = []
    if let settle = result.settleLayer, settle < layerCount {
      markers.append(LineChart.Marker(x: Double(settle), label: "top 1 from here"))
    }
    let chart = LineChart(
      meta: FigureMeta(
        slug: environment.idPrefix,
        title: "Trajectory of \"\(result.token.text)\" (position \(result.position))",
        description: description),
      series: charted.map { curve in
        LineSeries(
          name: curve.token.text,
          values: byRank ? curve.ranks.map(Double.init) : curve.probabilities)
      },
      xTitle: "layer (0 = embedding)", yTitle: byRank ? "rank" : "probability",
      yScale: byRank ? .log10 : .linear, yReversed: byRank, markers: markers,
      digits: byRank ? 0 : 2)
    return LensFigure(
      svg: chart.svg(), data: try CanonicalJSON.string(result), alt: description,
      finding: result.findings.joined(separator: " "),
      table: LensTable(
        header: [
          "token", "in top \(options.top) from layer", "top 1 from layer", "last rank",
          "last p",
        ],
        rows: Self.rows(result, charted: charted)))
  }

  /// The charted tokens, then the others that were ever on top, at most `maximumRows`.
  static func rows(_ result: Trajectory, charted: [Trajectory.Curve]) -> [[String]] {
    let chartedIDs = Set(charted.map(\.token.id))
    let others = result.curves.filter { curve in
      !chartedIDs.contains(curve.token.id) && curve.ranks.contains(1)
    }
    return (charted + others).prefix(maximumRows).map { curve in
      [
        curve.token.text, String(curve.firstLayer),
        curve.ranks.firstIndex(of: 1).map(String.init) ?? "never",
        String(curve.ranks.last ?? 0),
        String(format: "%.3f", curve.probabilities.last ?? 0),
      ]
    }
  }
}
