import Figures
import Foundation
import Testing

@Suite("Figure goldens")
struct FigureGoldenTests {
  @Test("each sample figure equals its committed golden", arguments: SampleFigures.all.map(\.name))
  func golden(name: String) throws {
    let svg = try #require(SampleFigures.all.first { $0.name == name }).svg
    try Golden.check(name, svg)
  }

  @Test(
    "each figure is valid XML with role, title, desc and the dark-mode style",
    arguments: SampleFigures.all.map(\.name))
  func structure(name: String) throws {
    let svg = try #require(SampleFigures.all.first { $0.name == name }).svg
    let check = XMLCheck.parse(svg)
    #expect(check.error == nil)
    #expect(check.elements["svg"] == 1)
    #expect(check.elements["desc"] == 1)
    #expect(svg.contains(" role=\"img\""))
    #expect(svg.contains("@media (prefers-color-scheme:dark)"))
    #expect(!svg.contains("\r"))
    #expect(!svg.contains("\"-0\"") && !svg.contains(" -0 ") && !svg.contains("-0\""))
    #expect(svg.hasSuffix("</svg>\n"))
    // One element per line: no line holds two opening tags, except an element with its text.
    for line in svg.split(separator: "\n") where !line.hasPrefix("<style>") {
      #expect(line.filter { $0 == "<" }.count <= 2, "\(line)")
    }
  }

  @Test("rendering twice gives the same bytes")
  func deterministic() {
    for (name, svg) in SampleFigures.all {
      #expect(SampleFigures.all.first { $0.name == name }?.svg == svg)
    }
  }
}

@Suite("Heatmaps")
struct HeatmapTests {
  @Test("token heatmap: a rect with a top-5 tooltip and a contrast-chosen label per cell")
  func tokenCells() {
    let figure = SampleFigures.tokenHeatmap
    let svg = figure.svg()
    let check = XMLCheck.parse(svg)
    #expect(check.error == nil)
    #expect(check.elements["rect"] == 1 + 20 + 1)  // background, cells, colour bar
    #expect(check.elements["title"] == 1 + 20)
    // The output row is drawn first (at the top), so the first cell tooltip is the output's.
    let tooltips = check.texts.filter { $0.contains("token ") }
    #expect(tooltips.first?.hasPrefix("out · token 0 ⟨BOS⟩") == true)
    #expect(tooltips.first?.split(separator: "\n").count == 6)
    // Labels show invisible characters; tooltips keep the text as it is.
    #expect(check.texts.contains("⟨U+202E…"))
    #expect(check.texts.contains("\u{2400}nul"))
    #expect(check.texts.contains("↵"))
    #expect(tooltips.contains { $0.contains("1. \u{202E}evil  ") })
    #expect(svg.contains("&lt;b&gt;"))
    // Positions 2 and 3 are marked: two triangles.
    #expect(svg.components(separatedBy: "class=\"mark\" d=").count - 1 == 2)
  }

  @Test("above the threshold cells merge into at most one path per colour bin, no tooltips")
  func merging() {
    let figure = SampleFigures.residualChange
    let svg = figure.svg()
    let check = XMLCheck.parse(svg)
    #expect(check.error == nil)
    #expect(check.elements["title"] == 1)
    let paths = svg.split(separator: "\n").filter { $0.hasPrefix("<path fill=") }
    #expect(paths.count > 10 && paths.count <= 64)
    // Every cell is covered exactly once: the run widths add up to the grid.
    var area = 0
    for path in paths {
      for run in path.split(whereSeparator: { $0 == "M" || $0 == "m" }).dropFirst() {
        let width = run.split(separator: "h")[1].split(separator: "v")[0]
        area += Int(width)! / 8
      }
    }
    #expect(area == 30 * 64)
    var unmerged = figure
    unmerged.mergeThreshold = 10_000
    #expect(XMLCheck.parse(unmerged.svg()).elements["title"] == 1 + 30 * 64)
    #expect(svg.utf8.count < unmerged.svg().utf8.count / 3)
  }

  @Test("masked cells are left out; a causal pattern draws the lower triangle only")
  func causalMask() {
    let check = XMLCheck.parse(SampleFigures.attentionPattern.svg())
    #expect(check.elements["rect"] == 1 + 21 + 1)
  }
}
