/// Figures stacked one above the other in one figure, each keeping its own axes and legend
/// (two aligned panels: a comparison's lens agreement over its change per block).
///
/// Each panel writes itself as a nested `<svg>` under the one before it; its ids are made from
/// the stack's slug (`SLUG-p0`, `SLUG-p1`, ...), so the figure's ids stay unique and prefixed
/// like every other figure's.
public struct ChartStack: StackableFigure {
  public var meta: FigureMeta
  /// The panels, top first.
  public var panels: [any StackableFigure]

  /// A stack of `panels`, top first; their own slugs are replaced.
  public init(meta: FigureMeta, panels: [any StackableFigure]) {
    self.meta = meta
    self.panels = panels
  }

  public var width: Int { max(panels.map(\.width).max() ?? 0, 320) }
  public var height: Int { max(panels.reduce(0) { $0 + $1.height }, 40) }

  public func write(into svg: inout SVGWriter) {
    let canvas = FigureCanvas(meta: meta, width: width, height: height)
    canvas.begin(&svg)
    canvas.caption(&svg)
    var top = 0
    for (index, panel) in panels.enumerated() {
      var placed = panel
      placed.meta.slug = FigureMeta.clean(meta.slug + "-p\(index)")
      svg.open("g", [("transform", "translate(0 \(top))")])
      placed.write(into: &svg)
      svg.close()
      top += panel.height
    }
    svg.close()
  }
}
