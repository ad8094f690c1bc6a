/// Line charts stacked one above the other in one figure, each keeping its own axes and legend
/// (two aligned panels: a comparison's lens agreement over its change per block).
///
/// Each chart is drawn as it would be on its own and placed as a nested `<svg>` under the one
/// before it; its ids are made from the stack's slug (`SLUG-p0`, `SLUG-p1`, ...), so the figure's
/// ids stay unique and prefixed like every other figure's.
public struct ChartStack: Sendable {
  public var meta: FigureMeta
  /// The charts, top first.
  public var charts: [LineChart]

  /// A stack of `charts`, top first; their own slugs are replaced.
  public init(meta: FigureMeta, charts: [LineChart]) {
    self.meta = meta
    self.charts = charts
  }

  /// The figure as SVG text.
  public func svg() -> String {
    let width = max(charts.map(\.width).max() ?? 0, 320)
    let height = max(charts.reduce(0) { $0 + $1.height }, 40)
    let canvas = FigureCanvas(meta: meta, width: width, height: height)
    var svg = SVGWriter()
    canvas.begin(&svg)
    let document = canvas.finish(&svg)
    let closing = "</svg>\n"
    guard document.hasSuffix(closing) else { return document }
    var text = String(document.dropLast(closing.count))
    var top = 0
    for (index, chart) in charts.enumerated() {
      var panel = chart
      panel.meta.slug = FigureMeta.clean(meta.slug + "-p\(index)")
      text += "<g transform=\"translate(0 \(top))\">\n" + panel.svg() + "</g>\n"
      top += chart.height
    }
    return text + closing
  }
}
