import Figures
import Foundation
import Testing

@Suite("XML text escaping")
struct XMLTextTests {
  @Test("markup characters become entities")
  func markup() {
    #expect(
      XMLText.escape("<a href=\"x\">&'</a>") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;")
  }

  @Test("controls become visible or character references; bidi marks stay as references")
  func controls() {
    #expect(XMLText.escape("a\u{0}b") == "a\u{2400}b")
    #expect(XMLText.escape("\t\n\r") == "&#9;&#10;&#13;")
    #expect(XMLText.escape("\u{1B}[0m\u{7F}") == "\u{241B}[0m\u{2421}")
    #expect(XMLText.escape("\u{FFFE}\u{FFFF}") == "\u{FFFD}\u{FFFD}")
    #expect(XMLText.escape("\u{202E}abc\u{200F}") == "&#x202E;abc&#x200F;")
  }

  @Test("labels make line breaks, controls and bidi overrides visible")
  func visibleLabels() {
    #expect(XMLText.visible("a\nb\tc\u{0}") == "a↵b⇥c\u{2400}")
    #expect(XMLText.visible("\u{202E}abc") == "⟨U+202E⟩abc")
    #expect(XMLText.visible("\u{200B}x\u{85}") == "⟨U+200B⟩x⟨U+85⟩")
    #expect(XMLText.visible("Paris ☃") == "Paris ☃")
  }

  @Test("every Unicode scalar, in text and in an attribute, parses back as XML")
  func everyScalar() {
    var scalars = String.UnicodeScalarView()
    for value in UInt32(0)...0x10FFFF {
      if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
    }
    let all = String(scalars)
    let chunk = 4096
    var index = all.unicodeScalars.startIndex
    var checked = 0
    while index < all.unicodeScalars.endIndex {
      let end =
        all.unicodeScalars.index(
          index, offsetBy: chunk, limitedBy: all.unicodeScalars.endIndex)
        ?? all.unicodeScalars.endIndex
      let piece = String(all.unicodeScalars[index..<end])
      var svg = SVGWriter()
      svg.open("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("data-x", piece)])
      svg.element("text", text: piece)
      let check = XMLCheck.parse(svg.finished())
      #expect(
        check.error == nil, "scalars from U+\(String(piece.unicodeScalars.first!.value, radix: 16))"
      )
      checked += piece.unicodeScalars.count
      index = end
    }
    #expect(checked == 0x110000 - 0x800)
  }

  @Test("invalid UTF-8 decoded by Swift becomes U+FFFD and stays valid")
  func invalidBytes() {
    let text = String(
      decoding: [0xFF, 0xC0, 0x80, 0xED, 0xA0, 0x80, 0x41] as [UInt8], as: UTF8.self)
    #expect(text.unicodeScalars.contains("\u{FFFD}"))
    var svg = SVGWriter()
    svg.open("svg", [("xmlns", "http://www.w3.org/2000/svg")])
    svg.element("text", text: text)
    let check = XMLCheck.parse(svg.finished())
    #expect(check.error == nil)
    #expect(check.texts == [text])
  }

  @Test("slugs are id-safe")
  func slugs() {
    #expect(FigureMeta.clean("Fig 1: Logit lens!") == "fig-1-logit-lens")
    #expect(FigureMeta.clean("3 heads") == "fig-3-heads")
    #expect(FigureMeta.clean("<>") == "fig")
  }
}
