import Figures
import Foundation
import Testing

/// The biggest figures the reports make stay small enough to open instantly.
@Suite("Large figures")
struct LargeFigureTests {
  /// Deterministic values with the texture of real data (a smooth trend plus noise).
  static func values(rows: Int, columns: Int, seed: UInt64) -> [[Double?]] {
    var state = seed
    var result: [[Double?]] = []
    for row in 0..<rows {
      var line: [Double?] = []
      for column in 0..<columns {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let noise = Double(state >> 33) / Double(1 << 31)
        line.append(Double(row) / Double(rows) * 0.7 + noise * 0.3 + (column == 0 ? 0.2 : 0))
      }
      result.append(line)
    }
    return result
  }

  @Test("a 512-token logit lens over 31 rows merges into paths and stays under 400 kB")
  func longPrompt() {
    let grid = Self.values(rows: 31, columns: 512, seed: 1)
    let cells = grid.map { row in
      row.map { TokenHeatmap.Cell(value: $0!, top: [.init(text: "x", probability: $0!)]) }
    }
    let figure = TokenHeatmap(
      meta: FigureMeta(slug: "long", title: "512 tokens", description: "merged"),
      tokens: (0..<512).map { "t\($0)" }, layers: (0..<31).map { "L\($0)" }, cells: cells,
      measure: "p", mapping: ColourMapping(scale: .viridis, lower: 0, upper: 1),
      finalMatchesNext: Set(stride(from: 0, to: 512, by: 3)))
    let svg = figure.svg()
    let check = XMLCheck.parse(svg)
    #expect(check.error == nil)
    #expect(check.elements["title"] == 1)
    #expect(check.elements["path", default: 0] <= 64 + 171 + 20)
    #expect(svg.utf8.count < 400_000, "\(svg.utf8.count) bytes")
    // The description says why there are no words or tooltips, and where the numbers are.
    #expect(
      svg.contains(
        ">merged With 15872 cells (over 1500) the cells show only the colour of their measure"))
  }

  @Test("a 1,024-head overview (32 layers x 32 heads of 16 x 16) stays under 2 MB")
  func headOverview() {
    var panels: [SmallMultiples.Panel] = []
    for index in 0..<1024 {
      var values = Self.values(rows: 16, columns: 16, seed: UInt64(index))
      for query in 0..<16 { for key in (query + 1)..<16 { values[query][key] = nil } }
      panels.append(.init(title: "L\(index / 32) H\(index % 32)", values: values))
    }
    let figure = SmallMultiples(
      meta: FigureMeta(slug: "overview", title: "Every head", description: "1,024 heads"),
      panels: panels, columns: 32, cellSize: 2, measure: "weight",
      mapping: ColourMapping(scale: .cividis, lower: 0, upper: 1))
    let svg = figure.svg()
    let check = XMLCheck.parse(svg)
    #expect(check.error == nil)
    #expect(check.elements["title"] == 1)
    #expect(svg.utf8.count < 2_000_000, "\(svg.utf8.count) bytes")
  }
}
