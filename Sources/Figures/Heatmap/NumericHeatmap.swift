import Formatting

/// A heatmap of plain numbers (residual change per layer and position, sink share per layer and
/// head, an attention pattern) with labelled axes and a colour bar.
public struct NumericHeatmap: Figure {
  public var meta: FigureMeta
  /// `values[row][column]`; `nil` cells stay empty (the masked half of a causal pattern).
  public var values: [[Double?]]
  /// One label per row, in the order of `values`.
  public var rowLabels: [String]
  /// One label per column.
  public var columnLabels: [String]
  /// Axis titles.
  public var rowTitle: String
  public var columnTitle: String
  /// What the colour shows, written over the colour bar.
  public var measure: String
  public var mapping: ColourMapping
  /// Whether row 0 is drawn at the bottom (layers) instead of the top (query positions).
  public var firstRowAtBottom: Bool
  /// Cell size in viewBox units (cells narrow when there are too many columns for the page).
  public var cellSize: Int
  /// Decimals of the numbers in tooltips and on the colour bar.
  public var digits: Int
  /// Above this many cells, cells merge into one path per colour bin without tooltips.
  public var mergeThreshold: Int
  /// Row height when it differs from `cellSize`: taller rows, so that a heatmap of fewer
  /// layers spans the same height as another's beside it (rows at one relative depth level).
  public var rowHeight: Int?

  /// A heatmap of `values` with the given labels; see the properties for the rest.
  public init(
    meta: FigureMeta, values: [[Double?]], rowLabels: [String], columnLabels: [String],
    rowTitle: String, columnTitle: String, measure: String, mapping: ColourMapping,
    firstRowAtBottom: Bool = false, cellSize: Int = 16, digits: Int = 2, mergeThreshold: Int = 1500
  ) {
    self.meta = meta
    self.values = values
    self.rowLabels = rowLabels
    self.columnLabels = columnLabels
    self.rowTitle = rowTitle
    self.columnTitle = columnTitle
    self.measure = measure
    self.mapping = mapping
    self.firstRowAtBottom = firstRowAtBottom
    self.cellSize = cellSize
    self.digits = digits
    self.mergeThreshold = mergeThreshold
  }

  public func write(into svg: inout SVGWriter) {
    let rows = firstRowAtBottom ? Array(values.reversed()) : values
    let rowIndex: (Int) -> Int = { firstRowAtBottom ? values.count - 1 - $0 : $0 }
    let columns = values.map(\.count).max() ?? 0
    let left = 72
    let top = 28
    let bar = ColourBar.footprint(label: measure)
    let cellWidth = CellGrid.fittedWidth(
      preferred: cellSize, columns: columns, available: FigureCanvas.pageWidth - left - 16 - bar)
    let cellHeight = max(rowHeight ?? cellSize, 1)
    let grid = CellGrid(
      values: rows, mapping: mapping, x: left, y: top, cellWidth: cellWidth, cellHeight: cellHeight)
    let axis = ColumnLabels(labels: columnLabels, cellSize: cellWidth)
    let width = left + grid.width + 16 + bar
    let height = top + max(grid.height, 80) + axis.depth + 30
    let merged = values.count * columns > mergeThreshold
    let noted = meta.noting([
      HeatmapSizeRule.narrowed(
        columns: columns, width: cellWidth, preferred: cellSize, labelEvery: axis.every),
      merged ? HeatmapSizeRule.merged(cells: values.count * columns, threshold: mergeThreshold) : nil,
    ])
    let canvas = FigureCanvas(meta: noted, width: max(width, 320), height: height)
    canvas.begin(&svg)
    svg.open("g", [("shape-rendering", "crispEdges")])
    if merged {
      var paths = MergedCells()
      grid.addRuns(to: &paths)
      paths.draw(&svg, mapping: mapping)
    } else {
      grid.drawCells(&svg) { row, column in
        guard let value = rows[row][column] else { return nil }
        let rowName = rowLabels.indices.contains(rowIndex(row)) ? rowLabels[rowIndex(row)] : ""
        let columnName = columnLabels.indices.contains(column) ? columnLabels[column] : ""
        return "\(rowTitle) \(rowName) · \(columnTitle) \(columnName): "
          + NumberText.trimmed(value, digits: digits)
      }
    }
    svg.close()
    let rowAxis = RowLabels(labels: rowLabels, title: rowTitle, cellHeight: cellHeight)
    rowAxis.drawLabels(&svg, left: left, top: top, rowCount: rows.count, index: rowIndex)
    axis.draw(&svg, left: left, top: top + grid.height, columns: columns)
    svg.element(
      "text", [("class", "muted"), ("x", num(left)), ("y", num(top + grid.height + axis.depth + 20))],
      text: columnTitle)
    rowAxis.drawTitle(&svg, top: top, rowCount: rows.count)
    ColourBar(
      mapping: mapping, label: measure, x: left + grid.width + 16, y: top,
      height: max(grid.height, 80)
    ).draw(&svg, meta: meta, digits: digits)
    canvas.finish(&svg)
  }
}
