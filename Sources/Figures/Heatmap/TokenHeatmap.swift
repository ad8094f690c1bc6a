import Formatting

/// The logit-lens heatmap: rows are layers (output at the top), columns are prompt tokens,
/// each cell shows its top-1 guess and is coloured by a measure; tooltips list the top 5.
public struct TokenHeatmap: StackableFigure {
  /// One guess of the model: the token as text and its probability.
  public struct Guess: Sendable, Equatable {
    public var text: String
    public var probability: Double
    public init(text: String, probability: Double) {
      self.text = text
      self.probability = probability
    }
  }

  /// One layer at one position: the colouring value and the best guesses, best first.
  public struct Cell: Sendable, Equatable {
    public var value: Double
    public var top: [Guess]
    /// The 1-based rank at this layer of the model's final guess at this position, if known:
    /// the page script shows it in every layer of a column.
    public var finalRank: Int?
    public init(value: Double, top: [Guess], finalRank: Int? = nil) {
      self.value = value
      self.top = top
      self.finalRank = finalRank
    }
  }

  public var meta: FigureMeta
  /// Prompt tokens in display form, one per column.
  public var tokens: [String]
  /// Row names from the bottom (embedding) to the top (output).
  public var layers: [String]
  /// `cells[layer][position]`, layers in the order of `layers`.
  public var cells: [[Cell]]
  /// What the colour shows, written over the colour bar.
  public var measure: String
  public var mapping: ColourMapping
  /// Positions where the model's final guess equals the actual next token.
  public var finalMatchesNext: Set<Int>
  /// Above this many cells, cells merge into one path per colour bin without text or tooltips.
  public var mergeThreshold: Int

  /// A heatmap of `cells` (`cells[layer][position]`, layer 0 = embedding at the bottom).
  public init(
    meta: FigureMeta, tokens: [String], layers: [String], cells: [[Cell]], measure: String,
    mapping: ColourMapping, finalMatchesNext: Set<Int> = [], mergeThreshold: Int = 1500
  ) {
    self.meta = meta
    self.tokens = tokens
    self.layers = layers
    self.cells = cells
    self.measure = measure
    self.mapping = mapping
    self.finalMatchesNext = finalMatchesNext
    self.mergeThreshold = mergeThreshold
  }

  /// Whether the cells merge by colour (more than `mergeThreshold` of them).
  public var isMerged: Bool { layers.count * tokens.count > mergeThreshold }
  /// Row height instead of the usual (22, or 10 merged): taller rows, so that a lens of fewer
  /// layers spans the same height as another's beside it.
  public var rowHeight: Int?
  /// The usual row height.
  public var standardRowHeight: Int { isMerged ? 10 : 22 }

  private var cellSize: (width: Int, height: Int) {
    (isMerged ? 6 : 64, max(rowHeight ?? standardRowHeight, 1))
  }
  private static let left = 64
  private static let top = 28

  public var width: Int {
    max(Self.left + tokens.count * cellSize.width + 16 + ColourBar.footprint(label: measure), 320)
  }

  public var height: Int { Self.top + layers.count * cellSize.height + (isMerged ? 44 : 62) }

  public func write(into svg: inout SVGWriter) {
    let merged = isMerged
    let (cellWidth, cellHeight) = cellSize
    let (left, top) = (Self.left, Self.top)
    var grid = CellGrid(
      values: cells.reversed().map { row in row.map { Optional($0.value) } },
      mapping: mapping, x: left, y: top, cellWidth: cellWidth, cellHeight: cellHeight)
    grid.values = grid.values.map { row in Array(row.prefix(tokens.count)) }
    let gridWidth = tokens.count * cellWidth
    let cellCount = layers.count * tokens.count
    let readable = merged && cellCount <= Self.gridReadoutCells
    var noted = meta.noting([
      merged
        ? "With \(cellCount) cells (over \(mergeThreshold)) the cells show only the colour of "
          + "their measure, without the guessed words or tooltips, and every few positions are "
          + "labelled; the data file has every cell's guesses"
          + (readable ? ", and in the page pointing at a cell reads out its top three." : ".")
        : nil
    ])
    if readable {
      noted.scriptData["grid"] = gridData(left: left, top: top, cellWidth: cellWidth, cellHeight: cellHeight)
    }
    let canvas = FigureCanvas(meta: noted, width: width, height: height)
    canvas.begin(&svg)

    svg.open("g", [("shape-rendering", "crispEdges")])
    if merged {
      var paths = MergedCells()
      grid.addRuns(to: &paths)
      paths.draw(&svg, mapping: mapping)
    } else {
      let rows = Array(cells.reversed())
      grid.drawCells(
        &svg,
        title: { row, column in
          tooltip(layer: layers.count - 1 - row, position: column, rows[row][column])
        },
        label: { row, column in
          XMLText.truncate(XMLText.visible(rows[row][column].top.first?.text ?? ""), to: 8)
        },
        data: { row, column in
          scriptData(layer: layers.count - 1 - row, position: column, rows[row][column])
        })
    }
    svg.close()

    drawAxes(
      &svg, left: left, top: top, cellWidth: cellWidth, cellHeight: cellHeight, merged: merged)
    ColourBar(
      mapping: mapping, label: measure, x: left + gridWidth + 16, y: top,
      height: max(layers.count * cellHeight, 80)
    )
    .draw(&svg, meta: meta)
    canvas.finish(&svg)
  }

  /// Most cells of a merged heatmap whose guesses the page script can read out (top three of
  /// each, about 50 bytes a cell: 32 layers x 128 positions in under 200 kB).
  static let gridReadoutCells = 4096

  /// A merged heatmap's cells for the page script, which finds the cell under the pointer
  /// itself: the grid's place and cell size, the row labels top first, the tokens, and each
  /// drawn cell's top three guesses (`top[row][column]`, rows top first).
  private func gridData(left: Int, top: Int, cellWidth: Int, cellHeight: Int) -> String {
    func list(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }
    let rows = cells.reversed().map { row in
      list(
        row.prefix(tokens.count).map { cell in
          list(
            cell.top.prefix(3).map { guess in
              "[" + JSONText.string(XMLText.visible(guess.text)) + ","
                + NumberText.trimmed(guess.probability, digits: 3) + "]"
            })
        })
    }
    return "{\"x\":\(left),\"y\":\(top),\"w\":\(cellWidth),\"h\":\(cellHeight),\"layers\":"
      + list(layers.reversed().map { JSONText.string($0) }) + ",\"tokens\":"
      + list(tokens.map { JSONText.string(XMLText.visible($0)) }) + ",\"top\":" + list(rows) + "}"
  }

  private func tooltip(layer: Int, position: Int, _ cell: Cell) -> String {
    var text = "\(layers[layer]) · token \(position) \(tokens[position]) · "
    text += measure + " " + NumberText.trimmed(cell.value, digits: 3)
    for (rank, guess) in cell.top.prefix(5).enumerated() {
      text += "\n\(rank + 1). \(guess.text)  " + NumberText.trimmed(guess.probability, digits: 3)
    }
    return text
  }

  /// What the page script reads from a cell: its layer and column, the guesses as JSON
  /// (`[[text, probability], ...]`, texts as the labels show them) and the final guess's rank.
  private func scriptData(layer: Int, position: Int, _ cell: Cell) -> [SVGWriter.Attribute] {
    let guesses = cell.top.map { guess in
      "[" + JSONText.string(XMLText.visible(guess.text)) + ","
        + NumberText.trimmed(guess.probability, digits: 4) + "]"
    }
    var data: [SVGWriter.Attribute] = [
      ("data-layer", layers[layer]), ("data-col", num(position)),
      ("data-top", "[" + guesses.joined(separator: ",") + "]"),
    ]
    if let rank = cell.finalRank { data.append(("data-rank", num(rank))) }
    return data
  }

  private func drawAxes(
    _ svg: inout SVGWriter, left: Int, top: Int, cellWidth: Int, cellHeight: Int, merged: Bool
  ) {
    let bottom = top + layers.count * cellHeight
    let rowStep = max(1, (14 + cellHeight - 1) / cellHeight)
    for (index, name) in layers.enumerated() where index % rowStep == 0 || index == layers.count - 1
    {
      let y = top + (layers.count - 1 - index) * cellHeight + cellHeight / 2 + 4
      svg.element(
        "text", [("class", "fg"), ("x", num(left - 6)), ("y", num(y)), ("text-anchor", "end")],
        text: name)
    }
    let columnStep = merged ? max(1, 48 / cellWidth) : 1
    for (index, token) in tokens.enumerated() where index % columnStep == 0 {
      let x = left + index * cellWidth + cellWidth / 2
      let label = merged ? String(index) : XMLText.truncate(XMLText.visible(token), to: 9)
      svg.element(
        "text",
        [("class", "fg cell"), ("x", num(x)), ("y", num(bottom + 14)), ("text-anchor", "middle")],
        text: label)
    }
    for position in finalMatchesNext.sorted() where position < tokens.count {
      let x = left + position * cellWidth + cellWidth / 2
      let y = bottom + (merged ? 18 : 20)
      svg.element("path", [("class", "mark"), ("d", "M\(x) \(y)l4 7h-8z")])
    }
    let axisY = bottom + (merged ? 38 : 44)
    svg.element(
      "text", [("class", "muted"), ("x", num(left)), ("y", num(axisY))],
      text: (merged ? "prompt position" : "prompt token") + " (▲ final guess = next token)")
    let middle = top + layers.count * cellHeight / 2
    svg.element(
      "text",
      [
        ("class", "muted"), ("x", "14"), ("y", num(middle)), ("text-anchor", "middle"),
        ("transform", "rotate(-90 14 \(middle))"),
      ], text: "layer")
  }
}
