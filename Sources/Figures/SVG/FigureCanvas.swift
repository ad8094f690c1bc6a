/// The root of every figure: `<svg>` with `role="img"`, `<title>`, `<desc>`, the style sheet,
/// a themed background, and the caption line under the drawing.
struct FigureCanvas {
  /// The widest a figure shows at full size in the default style (the 56rem wide column less
  /// the panel's padding): heatmaps narrow their cells to stay within it, so that their
  /// labels keep the size of every other figure's.
  static let pageWidth = 860

  let meta: FigureMeta
  let width: Int
  let height: Int
  /// Height of the caption line added under `height`, when there is a caption or data link.
  var captionHeight: Int { meta.caption == nil && meta.dataLink == nil ? 0 : 22 }

  /// Writes the opening of the document; the drawing follows, then `finish(_:)`.
  func begin(_ svg: inout SVGWriter) {
    let total = height + captionHeight
    svg.open(
      "svg",
      [
        ("xmlns", "http://www.w3.org/2000/svg"), ("id", meta.slug),
        ("viewBox", "0 0 \(width) \(total)"), ("width", num(width)), ("height", num(total)),
        ("role", "img"), ("aria-labelledby", meta.id("title") + " " + meta.id("desc")),
      ] + meta.scriptData.keys.sorted().map { ("data-" + $0, meta.scriptData[$0]!) })
    svg.element("title", [("id", meta.id("title"))], text: meta.title)
    svg.element("desc", [("id", meta.id("desc"))], text: meta.description)
    svg.raw("style", FigureStyle.css(root: meta.slug))
    svg.element(
      "rect",
      [("class", "bg"), ("x", "0"), ("y", "0"), ("width", num(width)), ("height", num(total))])
  }

  /// Writes the caption line and closes the figure's `<svg>` element.
  func finish(_ svg: inout SVGWriter) {
    caption(&svg)
    svg.close()
  }

  /// Writes the caption line (and the data link) under the drawing.
  func caption(_ svg: inout SVGWriter) {
    let y = height + 15
    if let caption = meta.caption {
      svg.element("text", [("class", "fg"), ("x", "8"), ("y", num(y))], text: caption)
    }
    if let link = meta.dataLink {
      svg.open("a", [("href", link)])
      svg.element(
        "text", [("class", "muted"), ("x", num(width - 8)), ("y", num(y)), ("text-anchor", "end")],
        text: "data table")
      svg.close()
    }
  }
}
