import Figures
import Testing

@Suite("Line charts")
struct LineChartTests {
  @Test("a log rank axis puts rank 1 at the top and breaks the line at missing values")
  func logRank() {
    let svg = SampleFigures.trajectory.svg()
    #expect(XMLCheck.parse(svg).error == nil)
    let lines = svg.split(separator: "\n")
    // Tick labels 1 ... 100000 (powers of ten), rank 1 on the highest line.
    let ticks = lines.filter { $0.hasPrefix("<text class=\"fg\" x=\"58\"") }
    #expect(ticks.count == 6)
    #expect(ticks.first?.hasSuffix(">1</text>") == true)
    // The second series has a NaN at layer 7: its path restarts with a second M.
    let curves = lines.filter { $0.hasPrefix("<path class=\"s1\" stroke-width=\"2\"") }
    #expect(curves.count == 1)
    #expect(curves.first.map { $0.filter { $0 == "M" }.count } == 2)
    // Markers on the first series only: 9 points.
    #expect(lines.filter { $0.hasPrefix("<circle class=\"f0\"") }.count == 9)
    // The second series' last point stands alone after the gap: it gets a dot, not nothing.
    #expect(lines.filter { $0.hasPrefix("<circle class=\"f1\"") }.count == 1)
  }

  @Test("a band is drawn under its line, a marker line labels the noise floor")
  func bandAndMarker() {
    let svg = SampleFigures.recall.svg()
    #expect(XMLCheck.parse(svg).error == nil)
    #expect(svg.contains("fill-opacity=\"0.2\""))
    #expect(svg.contains("class=\"mark-line\""))
    #expect(svg.contains(">noise floor</text>"))
  }
}
