/// A figure: one complete `<svg>` element, written into an `SVGWriter` so that figures compose
/// as values (a `ChartStack` writes its panels into its own document).
public protocol Figure: Sendable {
  /// The id prefix, title and description (`meta.slug` prefixes every id of the figure).
  var meta: FigureMeta { get set }
  /// Writes the figure's `<svg>` element, opened and closed, into `svg`.
  func write(into svg: inout SVGWriter)
}

extension Figure {
  /// The figure as an SVG document.
  public func svg() -> String {
    var svg = SVGWriter()
    write(into: &svg)
    return svg.finished()
  }
}

/// A figure whose size is set before it is drawn, so that others can lay it out.
public protocol StackableFigure: Figure {
  /// The width in SVG units.
  var width: Int { get }
  /// The height in SVG units, without a caption line.
  var height: Int { get }
}
