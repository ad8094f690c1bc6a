import Figures
import Testing

@Suite("Bar charts")
struct BarChartTests {
  /// A dictionary reading's top entries, one of them negative, one with markup in its label.
  static var entries: BarChart {
    BarChart(
      meta: FigureMeta(
        slug: "fig-3-dictionary", title: "The input vector of \"␣to\", read with U",
        description: "The entries of U with the largest amplitude on the input vector of ␣to."),
      bars: [
        .init(label: "␣to", value: 1), .init(label: "␣To", value: 0.6157),
        .init(label: "<&\"in\">", value: 0.6091), .init(label: "␣a-very-long-token-label", value: 0.3),
        .init(label: "␣not", value: -0.125), .init(label: "gap", value: .nan),
      ], valueTitle: "amplitude (cosine)")
  }

  @Test("equals its golden; bars from the zero line, labels escaped, numbers at the ends")
  func golden() throws {
    let svg = Self.entries.svg()
    #expect(XMLCheck.parse(svg).error == nil)
    try Golden.check("bar-chart.svg", svg)
    let lines = svg.split(separator: "\n")
    // Five finite bars, each with a tooltip; the NaN row keeps its label but has no bar.
    #expect(lines.filter { $0.hasPrefix("<rect class=\"f0\"") }.count == 5)
    #expect(svg.contains("<title>␣To: 0.616</title>"))
    #expect(svg.contains("&lt;&amp;&quot;in&quot;&gt;"))
    #expect(svg.contains(">␣a-very-long-to…</text>"))
    #expect(svg.contains(">gap</text>") && !svg.contains("nan"))
    // The negative bar's number sits left of its end.
    #expect(svg.contains("text-anchor=\"end\">-0.125</text>"))
  }
}
