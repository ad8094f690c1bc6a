/// A heatmap whose cells also carry a short word (every layer and head of a model, each head
/// coloured by its score and labelled with its kind), with a key line under the grid.
public struct LabelledHeatmap: Figure {
  /// One cell: its colouring value, the word drawn in it, and what its tooltip adds.
  public struct Cell: Sendable, Equatable {
    public var value: Double
    /// A few characters drawn in the cell; empty for none.
    public var label: String
    /// The tooltip after the cell's row and column names.
    public var detail: String
    /// What the cell shows when `label` does not fit (cells narrowed to fit many columns).
    public var shortLabel: String
    /// `data-*` attributes for the page's figure script (name without `data-`).
    public var scriptData: [String: String]
    public init(
      value: Double, label: String, detail: String, shortLabel: String? = nil,
      scriptData: [String: String] = [:]
    ) {
      self.value = value
      self.label = label
      self.detail = detail
      self.shortLabel = shortLabel ?? String(label.prefix(1))
      self.scriptData = scriptData
    }
  }

  public var meta: FigureMeta
  /// `cells[row][column]`.
  public var cells: [[Cell]]
  /// One label per row, in the order of `cells`.
  public var rowLabels: [String]
  /// One label per column.
  public var columnLabels: [String]
  /// Axis titles.
  public var rowTitle: String
  public var columnTitle: String
  /// What the colour shows, written over the colour bar.
  public var measure: String
  /// What the cell words mean, written under the grid.
  public var key: String
  /// What the short words mean, when the cells are too narrow for the words.
  public var shortKey: String
  public var mapping: ColourMapping
  /// Whether row 0 is drawn at the bottom (layers).
  public var firstRowAtBottom: Bool
  /// Cell size in viewBox units.
  public var cellWidth: Int
  public var cellHeight: Int
  /// Above this many cells, cells merge into one path per colour bin without words or tooltips.
  public var mergeThreshold: Int

  /// A heatmap of `cells`; see the properties for the rest.
  public init(
    meta: FigureMeta, cells: [[Cell]], rowLabels: [String], columnLabels: [String],
    rowTitle: String, columnTitle: String, measure: String, key: String, shortKey: String? = nil,
    mapping: ColourMapping, firstRowAtBottom: Bool = false, cellWidth: Int = 36,
    cellHeight: Int = 16, mergeThreshold: Int = 1500
  ) {
    self.meta = meta
    self.cells = cells
    self.rowLabels = rowLabels
    self.columnLabels = columnLabels
    self.rowTitle = rowTitle
    self.columnTitle = columnTitle
    self.measure = measure
    self.key = key
    self.shortKey = shortKey ?? key
    self.mapping = mapping
    self.firstRowAtBottom = firstRowAtBottom
    self.cellWidth = max(1, cellWidth)
    self.cellHeight = max(1, cellHeight)
    self.mergeThreshold = mergeThreshold
  }

  public func write(into svg: inout SVGWriter) {
    let rows = firstRowAtBottom ? Array(cells.reversed()) : cells
    let rowIndex: (Int) -> Int = { firstRowAtBottom ? cells.count - 1 - $0 : $0 }
    let columns = cells.map(\.count).max() ?? 0
    let (left, top) = (72, 28)
    let cellWidth = CellGrid.fittedWidth(
      preferred: self.cellWidth, columns: columns,
      available: FigureCanvas.pageWidth - left - 16 - ColourBar.footprint(label: measure))
    let grid = CellGrid(
      values: rows.map { $0.map { Optional($0.value) } }, mapping: mapping, x: left, y: top,
      cellWidth: cellWidth, cellHeight: cellHeight)
    // Words in the cells' 10px monospace take about 6 units a character.
    let longest = cells.joined().map { XMLText.truncate(XMLText.visible($0.label), to: 6).count }
      .max() ?? 0
    let wordsFit = Double(longest) * 6 <= Double(cellWidth - 2)
    let key = wordsFit ? self.key : shortKey
    // The key line starts under the grid and may reach past the colour bar.
    let keyWidth = left + Int((Double(key.count) * 6.2).rounded(.up)) + 8
    let width = max(left + grid.width + 16 + ColourBar.footprint(label: measure), keyWidth)
    let axis = ColumnLabels(labels: columnLabels, cellSize: cellWidth)
    let bottom = top + max(grid.height, 80)
    let height = bottom + axis.depth + (key.isEmpty ? 28 : 44)
    let merged = rows.count * columns > mergeThreshold
    let noted = meta.noting([
      HeatmapSizeRule.narrowed(
        columns: columns, width: cellWidth, preferred: self.cellWidth, labelEvery: axis.every),
      !wordsFit && !merged ? HeatmapSizeRule.letters : nil,
      merged ? HeatmapSizeRule.merged(cells: rows.count * columns, threshold: mergeThreshold) : nil,
    ])
    let canvas = FigureCanvas(meta: noted, width: max(width, 320), height: height)
    canvas.begin(&svg)
    svg.open("g", [("shape-rendering", "crispEdges")])
    if merged {
      var paths = MergedCells()
      grid.addRuns(to: &paths)
      paths.draw(&svg, mapping: mapping)
    } else {
      grid.drawCells(
        &svg,
        title: { row, column in
          "\(rowTitle) \(name(rowLabels, rowIndex(row))) · \(columnTitle) "
            + "\(name(columnLabels, column)): \(rows[row][column].detail)"
        },
        label: { row, column in
          let cell = rows[row][column]
          let label = wordsFit ? cell.label : cell.shortLabel
          return label.isEmpty ? nil : XMLText.truncate(XMLText.visible(label), to: 6)
        },
        data: { row, column in
          let data = rows[row][column].scriptData
          return data.keys.sorted().map { ("data-" + $0, data[$0]!) }
        })
    }
    svg.close()
    let rowAxis = RowLabels(labels: rowLabels, title: rowTitle, cellHeight: cellHeight)
    rowAxis.drawLabels(&svg, left: left, top: top, rowCount: rows.count, index: rowIndex)
    axis.draw(&svg, left: left, top: top + grid.height, columns: columns)
    let titleY = top + grid.height + axis.depth + 20
    svg.element(
      "text", [("class", "muted"), ("x", num(left)), ("y", num(titleY))], text: columnTitle)
    if !key.isEmpty {
      svg.element(
        "text", [("class", "muted"), ("x", num(left)), ("y", num(titleY + 16))], text: key)
    }
    rowAxis.drawTitle(&svg, top: top, rowCount: rows.count)
    ColourBar(
      mapping: mapping, label: measure, x: left + grid.width + 16, y: top,
      height: max(grid.height, 80)
    ).draw(&svg, meta: meta)
    canvas.finish(&svg)
  }

  private func name(_ labels: [String], _ index: Int) -> String {
    labels.indices.contains(index) ? labels[index] : ""
  }
}
