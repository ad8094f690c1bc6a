/// The labels beside a heatmap's rows (every row when cells are at least 14 units high, else
/// every few) and the axis title turned upright at the left edge.
struct RowLabels {
  /// One label per row, in data order.
  var labels: [String]
  /// The axis title.
  var title: String
  /// The cell height in viewBox units.
  var cellHeight: Int

  /// Writes the labels right-aligned against `left` for a grid whose top edge is `top`, with
  /// `rowCount` rows drawn; `index` maps a drawn row to its data row (layers drawn bottom up).
  func drawLabels(
    _ svg: inout SVGWriter, left: Int, top: Int, rowCount: Int, index: (Int) -> Int
  ) {
    let every = max(1, (14 + cellHeight - 1) / cellHeight)
    for row in 0..<rowCount where index(row) % every == 0 {
      guard labels.indices.contains(index(row)) else { continue }
      svg.element(
        "text",
        [
          ("class", "fg"), ("x", num(left - 6)),
          ("y", num(top + row * cellHeight + cellHeight / 2 + 4)), ("text-anchor", "end"),
        ], text: XMLText.truncate(XMLText.visible(labels[index(row)]), to: 10))
    }
  }

  /// Writes the axis title upright at the left edge, centred on the grid's `rowCount` rows.
  func drawTitle(_ svg: inout SVGWriter, top: Int, rowCount: Int) {
    let middle = top + rowCount * cellHeight / 2
    svg.element(
      "text",
      [
        ("class", "muted"), ("x", "14"), ("y", num(middle)), ("text-anchor", "middle"),
        ("transform", "rotate(-90 14 \(middle))"),
      ], text: title)
  }
}
