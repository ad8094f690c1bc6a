import Figures
import Testing

/// Finished figures placed side by side: left to right, wrapping at the page's width (860).
@Suite("Side by side")
struct SideBySideTests {
  static func panel(_ label: String, width: Int, height: Int) -> SideBySide.Panel {
    SideBySide.Panel(
      label: label,
      svg: "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"\(label)\" viewBox=\"0 0 \(width) "
        + "\(height)\" width=\"\(width)\" height=\"\(height)\">\n<rect width=\"1\" height=\"1\"/>\n</svg>\n")!
  }

  static func translations(_ svg: String) -> [String] {
    svg.matches(of: try! Regex(#"translate\(([0-9]+ [0-9]+)\)"#))
      .map { String($0.output[1].substring ?? "") }
  }

  @Test func panelsWrapAtThePageWidth() {
    let meta = FigureMeta(slug: "pair", title: "A and B", description: "Two runs.")
    // Two of 300 fit a row (300 + 16 + 300); a third starts the next row under the taller.
    let three = SideBySide(
      meta: meta,
      panels: [Self.panel("a", width: 300, height: 200), Self.panel("b", width: 300, height: 250),
        Self.panel("c", width: 300, height: 100)])
    #expect(!three.inRow)
    let svg = three.svg()
    #expect(Self.translations(svg) == ["0 22", "316 22", "0 310"])
    #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"pair\" viewBox=\"0 0 616 410\""))
    // Two of 480 do not fit one row.
    let wide = SideBySide(
      meta: meta,
      panels: [Self.panel("a", width: 480, height: 100), Self.panel("b", width: 480, height: 100)])
    #expect(Self.translations(wide.svg()) == ["0 22", "0 160"])
    #expect(SideBySide.Panel(label: "x", svg: "<g/>") == nil)
  }
}
