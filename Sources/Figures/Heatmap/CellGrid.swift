/// A grid of coloured cells at integer coordinates, drawn one `<rect>` per cell (with optional
/// text and tooltip), or merged into one `<path>` per colour bin when there are many cells.
struct CellGrid {
  /// The values, row by row as drawn from the top; `nil` cells are left empty.
  var values: [[Double?]]
  var mapping: ColourMapping
  var x: Int
  var y: Int
  var cellWidth: Int
  var cellHeight: Int

  var rowCount: Int { values.count }
  var columnCount: Int { values.map(\.count).max() ?? 0 }
  var width: Int { columnCount * cellWidth }
  var height: Int { rowCount * cellHeight }

  /// The cell width that keeps `columns` cells within `available` units: `preferred` when they
  /// fit, narrower otherwise (never under 2).
  static func fittedWidth(preferred: Int, columns: Int, available: Int) -> Int {
    guard columns > 0 else { return preferred }
    return max(2, min(preferred, available / columns))
  }

  /// Writes each cell as its own `<rect>` in its exact colour, with `title(row, column)` as
  /// its tooltip, `label(row, column)` as centred text in black or white for contrast, and
  /// `data(row, column)` as extra attributes (the page script's `data-*` values).
  func drawCells(
    _ svg: inout SVGWriter, title: (Int, Int) -> String?,
    label: (Int, Int) -> String? = { _, _ in nil },
    data: (Int, Int) -> [SVGWriter.Attribute] = { _, _ in [] }
  ) {
    for (row, values) in values.enumerated() {
      for (column, value) in values.enumerated() {
        guard let value else { continue }
        let colour = mapping.colour(of: value)
        let (left, top) = (x + column * cellWidth, y + row * cellHeight)
        let attributes: [SVGWriter.Attribute] =
          [
            ("x", num(left)), ("y", num(top)), ("width", num(cellWidth)),
            ("height", num(cellHeight)), ("fill", colour.hex),
          ] + data(row, column)
        if let text = title(row, column) {
          svg.open("rect", attributes)
          svg.element("title", text: text)
          svg.close()
        } else {
          svg.element("rect", attributes)
        }
        if let text = label(row, column) {
          svg.element(
            "text",
            [
              ("class", "cell"), ("x", num(left + cellWidth / 2)),
              ("y", num(top + cellHeight / 2 + 4)), ("text-anchor", "middle"),
              ("fill", colour.textColour.hex),
            ], text: text)
        }
      }
    }
  }

  /// Adds the cells to `paths` as horizontal runs of equal colour bin.
  func addRuns(to paths: inout MergedCells) {
    for (row, values) in values.enumerated() {
      var column = 0
      while column < values.count {
        guard let value = values[column] else {
          column += 1
          continue
        }
        let bin = mapping.bin(of: value, bins: paths.bins)
        var end = column + 1
        while end < values.count, let next = values[end],
          mapping.bin(of: next, bins: paths.bins) == bin
        {
          end += 1
        }
        paths.add(
          bin: bin, x: x + column * cellWidth, y: y + row * cellHeight,
          width: (end - column) * cellWidth, height: cellHeight)
        column = end
      }
    }
  }
}

/// Rectangles collected per colour bin, written as one `<path>` per bin.
struct MergedCells {
  let bins: Int
  private var data: [String]
  /// Where each bin's last rectangle started (its path's current point after `z`).
  private var last: [(x: Int, y: Int)?]

  init(bins: Int = 64) {
    self.bins = bins
    data = Array(repeating: "", count: bins)
    last = Array(repeating: nil, count: bins)
  }

  /// Adds a rectangle; moves are relative to the bin's previous rectangle to keep paths short.
  mutating func add(bin: Int, x: Int, y: Int, width: Int, height: Int) {
    if let (lastX, lastY) = last[bin] {
      data[bin] += "m\(x - lastX) \(y - lastY)h\(width)v\(height)h-\(width)z"
    } else {
      data[bin] += "M\(x) \(y)h\(width)v\(height)h-\(width)z"
    }
    last[bin] = (x, y)
  }

  /// Writes the non-empty bins in bin order.
  func draw(_ svg: inout SVGWriter, mapping: ColourMapping) {
    for (bin, path) in data.enumerated() where !path.isEmpty {
      svg.element("path", [("fill", mapping.binColour(bin, bins: bins).hex), ("d", path)])
    }
  }
}
