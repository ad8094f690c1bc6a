import Analysis
import Engine
import Figures
import Formatting
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

  public struct Options: LensOptions {
    /// What the chart's y axis shows.
    enum Measure: String, CaseIterable, Decodable, LensChoice { case probability, rank }
    var measure: Measure?
    var norm: LogitLens.Options.Norm?
    var position: Int?
    var top: Int?
    var lens: LensKind?

    public func check() throws(LensOptionError) {
      try require(position, in: 0...1_000_000, "position")
      try require(top, in: 1...TrajectoryRenderer.maximumTop, "top")
      if lens == .tuned, norm == LogitLens.Options.Norm.none {
        throw LensOptionError(
          key: "norm", "norm: none reads the raw logit lens only; the tuned lens always reads "
            + "through the final norm")
      }
    }

    /// The analysis' options: the block's, defaults for the rest.
    var analysis: Trajectory.Options {
      var options = Trajectory.Options()
      options.position = position
      options.top = top ?? options.top
      options.norm = norm ?? options.norm
      options.lens = lens ?? options.lens
      return options
    }
  }

  public func lenses(for block: LensInput<Options>) -> [String] {
    block.options.lens == .tuned ? [block.request.model] : []
  }

  public func run(_ block: LensInput<Options>, in environment: LensEnvironment) throws
    -> Trajectory
  {
    let model = try LoadedModel.named(block.request.model, in: environment)
    let trace = try model.trace(of: block, in: environment)
    let count = trace.tokens.count
    if let position = block.options.position, position >= count {
      throw LensOptionError(
        key: "position",
        "position must be from 0 to \(count - 1) for this prompt of \(count) tokens, "
          + "not \(position)")
    }
    return try Trajectory(
      trace: trace, unembedding: model.unembedding(in: environment),
      options: block.options.analysis, label: model.label,
      tunedLens: block.options.lens == .tuned ? model.tunedLens(in: environment) : nil)
  }

  /// The curves the chart draws: the tokens on top at the last layer, in that order.
  static func charted(_ result: Trajectory) -> [Trajectory.Curve] {
    let byID = Dictionary(result.curves.map { ($0.token.id, $0) }, uniquingKeysWith: { a, _ in a })
    return result.layers[result.layers.count - 1].compactMap { byID[$0.id] }
  }

  /// The charted curves' values: probabilities from 0, or ranks.
  public func valueRange(_ result: Trajectory, for block: LensInput<Options>) -> ClosedRange<Double>? {
    let charted = Self.charted(result)
    let values: [Double] =
      block.options.measure == .rank
      ? charted.flatMap { $0.ranks.map(Double.init) }
      : charted.flatMap { $0.probabilities } + [0]
    guard let low = values.min(), let high = values.max() else { return nil }
    return low...high
  }

  public func draw(_ result: Trajectory, for block: LensInput<Options>, in context: FigureContext)
    throws -> LensFigure
  {
    let options = block.options.analysis
    let layerCount = result.layers.count - 1
    let charted = Self.charted(result)
    let byRank = block.options.measure == .rank
    let description =
      (byRank ? "Rank" : "Probability") + ", read through the \(options.lens.title) at position "
      + "\(result.position) (\"\(result.token.text)\") of \(context.fileName(block.request.model)), "
      + "of the \(charted.count) tokens "
      + "on top at the last layer, at each of the \(layerCount + 1) layers (0 = embedding)."
    var markers: [LineChart.Marker] = []
    if let settle = result.settleLayer, settle < layerCount {
      markers.append(LineChart.Marker(x: Double(settle), label: "top 1 from here"))
    }
    var chart = LineChart(
      meta: FigureMeta(
        slug: context.idPrefix,
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
    chart.spanning = context.sharedRange
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
        NumberText.fixed(curve.probabilities.last ?? 0, 3),
      ]
    }
  }
}
