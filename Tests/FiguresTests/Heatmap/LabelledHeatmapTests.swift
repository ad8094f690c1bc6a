import Figures
import Foundation
import Testing

@testable import Figures

@Suite("Labelled heatmap")
struct LabelledHeatmapTests {
  /// Every head of a small model: 3 layers x 4 heads, each labelled with its kind.
  static var heads: LabelledHeatmap {
    let kinds = [
      ["sink", "sink", "", "<&>"], ["prev", "", "self", "sink"], ["", "prev", "prev", "sink"],
    ]
    let cells = kinds.enumerated().map { layer, row in
      row.enumerated().map { head, kind in
        let value = Double((layer * 5 + head * 3) % 10) / 10
        return LabelledHeatmap.Cell(
          value: value, label: kind, detail: "\(kind.isEmpty ? "diffuse" : kind) \(value)")
      }
    }
    return LabelledHeatmap(
      meta: FigureMeta(
        slug: "fig-2-attention", title: "Every head",
        description: "Layers from the bottom, heads across."),
      cells: cells, rowLabels: ["0", "1", "2"], columnLabels: ["0", "1", "2", "3"],
      rowTitle: "layer", columnTitle: "head", measure: "score",
      key: "sink: first token · prev: previous token",
      mapping: ColourMapping(
        scale: .viridis, lower: 0, upper: 1), firstRowAtBottom: true)
  }

  @Test("equals its golden; a tooltip and a word per cell, the first row at the bottom")
  func golden() throws {
    let svg = Self.heads.svg()
    try Golden.check("labelled-heatmap.svg", svg)
    let check = XMLCheck.parse(svg)
    #expect(check.error == nil)
    #expect(check.elements["rect"] == 1 + 12 + 1)  // background, cells, colour bar
    #expect(check.elements["title"] == 1 + 12)
    let tooltips = check.texts.filter { $0.hasPrefix("layer ") }
    #expect(tooltips.first == "layer 2 · head 0: diffuse 0.0")
    #expect(check.texts.contains("<&>"))
    #expect(svg.contains("&lt;&amp;&gt;"))
    // Words only where a cell has one: 9 of 12.
    #expect(svg.split(separator: "\n").filter { $0.hasPrefix("<text class=\"cell\"") }.count == 9)
  }

  @Test("above the threshold cells merge into paths without words or tooltips")
  func merging() {
    var figure = Self.heads
    figure.mergeThreshold = 4
    let check = XMLCheck.parse(figure.svg())
    #expect(check.error == nil)
    #expect(check.elements["title"] == 1)
    #expect(!figure.svg().contains("class=\"cell\""))
  }

  @Test("too many heads for the page: cells narrow, short words and their key replace the words")
  func manyHeadsFitThePage() throws {
    let words = ["sink", "prev", "self", ""]
    let cells = (0..<4).map { layer in
      (0..<32).map { head in
        let word = words[(layer + head) % 4]
        return LabelledHeatmap.Cell(
          value: 0.5, label: word, detail: word, shortLabel: word == "self" ? "I" : nil)
      }
    }
    let figure = LabelledHeatmap(
      meta: FigureMeta(slug: "fig-1-heads", title: "Heads", description: "32 heads."),
      cells: cells, rowLabels: (0..<4).map(String.init), columnLabels: (0..<32).map(String.init),
      rowTitle: "layer", columnTitle: "head", measure: "score", key: "sink: first token",
      shortKey: "S: sink", mapping: ColourMapping(scale: .viridis, lower: 0, upper: 1))
    let svg = figure.svg()
    let size = try #require(FigureBrowserTests.viewBoxSize(svg))
    #expect(size.width <= 860)
    let check = XMLCheck.parse(svg)
    #expect(check.texts.contains("S: sink") && !check.texts.contains("sink: first token"))
    let cellWords = Set(
      svg.split(separator: "\n").filter { $0.hasPrefix("<text class=\"cell\"") }
        .compactMap { $0.split(separator: ">").dropFirst().first?.split(separator: "<").first }
        .map(String.init))
    #expect(cellWords == ["s", "p", "I"])
    // The description says what the size changed: 32 heads at 36 units are 1152, over the
    // page's 860 less the labels and the colour bar, so the cells narrow and show letters.
    let width = CellGrid.fittedWidth(
      preferred: 36, columns: 32, available: 860 - 72 - 16 - ColourBar.footprint(label: "score"))
    #expect(width < 36)
    #expect(
      svg.contains(
        "32 heads. To fit the page its 32 columns are \(width) units wide instead of 36"))
    #expect(svg.contains("Its cells are too narrow for words and show one letter each (see the key).</desc>"))
    // The same cells with 4 heads keep their words and key, and their description.
    var narrow = figure
    narrow.cells = cells.map { Array($0.prefix(4)) }
    narrow.columnLabels = Array(figure.columnLabels.prefix(4))
    #expect(XMLCheck.parse(narrow.svg()).texts.contains("sink: first token"))
    #expect(narrow.svg().contains(">32 heads.</desc>"))
  }
}
