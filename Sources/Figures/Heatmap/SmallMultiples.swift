import Formatting

/// A grid of small heatmaps on one shared colour scale: every head of chosen layers, or a
/// compact overview of every layer and head.
public struct SmallMultiples: Figure {
  /// One small heatmap and its heading.
  public struct Panel: Sendable, Equatable {
    public var title: String
    /// `values[row][column]`; `nil` cells stay empty.
    public var values: [[Double?]]
    public init(title: String, values: [[Double?]]) {
      self.title = title
      self.values = values
    }
  }

  public var meta: FigureMeta
  public var panels: [Panel]
  /// Panels per grid row.
  public var columns: Int
  /// Cell size in viewBox units (1 or 2 suits an overview of hundreds of heads).
  public var cellSize: Int
  public var measure: String
  public var mapping: ColourMapping
  public var digits: Int
  /// Above this many cells in all, cells merge into one path per colour bin without tooltips.
  public var mergeThreshold: Int
  /// What the panels' axes are, written under the grid (`"rows: query, columns: key"`).
  public var axes: String

  /// A grid of `panels`, `columns` to a row.
  public init(
    meta: FigureMeta, panels: [Panel], columns: Int, cellSize: Int = 4, measure: String,
    mapping: ColourMapping, digits: Int = 2, mergeThreshold: Int = 1500,
    axes: String = ""
  ) {
    self.meta = meta
    self.panels = panels
    self.columns = max(1, columns)
    self.cellSize = max(1, cellSize)
    self.measure = measure
    self.mapping = mapping
    self.digits = digits
    self.mergeThreshold = mergeThreshold
    self.axes = axes
  }

  public func write(into svg: inout SVGWriter) {
    let panelRows = panels.map(\.values.count).max() ?? 0
    let panelColumns = panels.flatMap { $0.values.map(\.count) }.max() ?? 0
    let panelWidth = max(panelColumns * cellSize, 40)
    let panelHeight = panelRows * cellSize
    let (gapX, headY) = (12, 16)
    let cellTotal = panels.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.count } }
    let merged = cellTotal > mergeThreshold
    let gridRows = (panels.count + columns - 1) / columns
    let left = 8
    let top = 24
    let stepX = panelWidth + gapX
    let stepY = panelHeight + headY + 8
    let width = left + columns * stepX + ColourBar.footprint(label: measure) + 8
    let height = top + max(gridRows * stepY, 80) + (axes.isEmpty ? 8 : 24)
    let noted = meta.noting([
      merged ? HeatmapSizeRule.merged(cells: cellTotal, threshold: mergeThreshold) : nil
    ])
    let canvas = FigureCanvas(meta: noted, width: max(width, 320), height: height)
    canvas.begin(&svg)
    var paths = MergedCells()
    svg.open("g", [("shape-rendering", "crispEdges")])
    for (index, panel) in panels.enumerated() {
      let x = left + (index % columns) * stepX
      let y = top + (index / columns) * stepY + headY
      let grid = CellGrid(
        values: panel.values, mapping: mapping, x: x, y: y, cellWidth: cellSize,
        cellHeight: cellSize)
      if merged {
        grid.addRuns(to: &paths)
      } else {
        grid.drawCells(&svg) { row, column in
          guard let value = panel.values[row][column] else { return nil }
          return "\(panel.title) [\(row), \(column)]: " + NumberText.trimmed(value, digits: digits)
        }
      }
    }
    if merged { paths.draw(&svg, mapping: mapping) }
    svg.close()
    for (index, panel) in panels.enumerated() {
      let x = left + (index % columns) * stepX
      let y = top + (index / columns) * stepY + headY - 4
      svg.element(
        "text", [("class", "fg"), ("x", num(x)), ("y", num(y))],
        text: XMLText.truncate(panel.title, to: max(4, panelWidth / 6)))
    }
    if !axes.isEmpty {
      svg.element(
        "text", [("class", "muted"), ("x", num(left)), ("y", num(height - 8))], text: axes)
    }
    ColourBar(
      mapping: mapping, label: measure, x: left + columns * stepX + 4, y: top + headY,
      height: max(min(gridRows * stepY - headY, 240), 80)
    ).draw(&svg, meta: meta, digits: digits)
    canvas.finish(&svg)
  }
}
