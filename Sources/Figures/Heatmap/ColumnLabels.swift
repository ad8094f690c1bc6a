/// The labels under a heatmap's columns: flat and centred when the longest fits in a cell,
/// otherwise turned to read upwards so that every column keeps its label.
struct ColumnLabels {
  /// One label per column.
  var labels: [String]
  /// The cell width in viewBox units.
  var cellSize: Int

  /// Labels are cut to this many characters.
  static let limit = 8
  /// Approximate advance of one character at the figures' 11px font.
  static let characterWidth = 6.5

  /// The labels as drawn: visible, cut to `limit`.
  var shown: [String] { labels.map { XMLText.truncate(XMLText.visible($0), to: Self.limit) } }

  /// Whether the longest label fits across one cell.
  var isFlat: Bool {
    let longest = shown.map(\.count).max() ?? 0
    return Double(longest) * Self.characterWidth <= Double(cellSize)
  }

  /// Every how many columns a label is drawn (turned labels need about 12 units of width).
  var every: Int { isFlat ? 1 : max(1, (12 + cellSize - 1) / cellSize) }

  /// How far below the grid the labels reach.
  var depth: Int {
    if isFlat { return 16 }
    let longest = shown.map(\.count).max() ?? 0
    return 8 + Int((Double(longest) * Self.characterWidth).rounded(.up))
  }

  /// Writes the labels under a grid whose left edge is `left` and bottom edge `top`.
  func draw(_ svg: inout SVGWriter, left: Int, top: Int, columns: Int) {
    let text = shown
    for column in 0..<columns where column % every == 0 && text.indices.contains(column) {
      let centre = left + column * cellSize + cellSize / 2
      if isFlat {
        svg.element(
          "text",
          [
            ("class", "fg"), ("x", num(centre)), ("y", num(top + 14)),
            ("text-anchor", "middle"),
          ], text: text[column])
      } else {
        let (x, y) = (centre + 4, top + 6)
        svg.element(
          "text",
          [
            ("class", "fg"), ("x", num(x)), ("y", num(y)), ("text-anchor", "end"),
            ("transform", "rotate(-90 \(x) \(y))"),
          ], text: text[column])
      }
    }
  }
}
