import Formatting

/// A vertical colour bar with numbered ticks: the legend of every heatmap.
struct ColourBar {
  var mapping: ColourMapping
  /// What the colours measure, written above the bar.
  var label: String
  var x: Int
  var y: Int
  var height: Int
  static let width = 12
  /// Space the bar, its ticks and numbers take to the right of `x`.
  static let footprint = 64

  /// Space the bar takes with `label` written over it (the label may be wider than the bar).
  static func footprint(label: String) -> Int {
    max(footprint, Int((Double(label.count) * ColumnLabels.characterWidth).rounded(.up)) + 8)
  }

  func draw(_ svg: inout SVGWriter, meta: FigureMeta, digits: Int = 2) {
    let id = meta.id("bar")
    svg.open("defs")
    svg.open("linearGradient", [("id", id), ("x1", "0"), ("y1", "1"), ("x2", "0"), ("y2", "0")])
    let stops = mapping.scale.stops
    for (index, colour) in stops.enumerated() {
      svg.element(
        "stop",
        [("offset", num(Double(index) / Double(stops.count - 1), 3)), ("stop-color", colour.hex)])
    }
    svg.close()
    svg.close()
    svg.element("text", [("class", "fg"), ("x", num(x)), ("y", num(y - 10))], text: label)
    svg.element(
      "rect",
      [
        ("x", num(x)), ("y", num(y)), ("width", num(Self.width)), ("height", num(height)),
        ("fill", "url(#\(id))"),
      ])
    for tick in mapping.ticks(count: max(2, height / 40)) {
      let ty = Double(y + height) - mapping.position(of: tick) * Double(height)
      svg.element(
        "path", [("class", "axis"), ("d", "M\(x + Self.width) \(num(ty))h4")])
      svg.element(
        "text",
        [("class", "fg"), ("x", num(x + Self.width + 6)), ("y", num(ty + 4))],
        text: NumberText.trimmed(tick, digits: digits))
    }
  }
}
