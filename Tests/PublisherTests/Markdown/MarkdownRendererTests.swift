import Publisher
import Testing

@Suite struct MarkdownRendererTests {
  @Test func rendersCommonMarkThroughLibcmark() {
    #expect(
      MarkdownRenderer.html("# Title\n\nSome *prose*.\n")
        == "<h1>Title</h1>\n<p>Some <em>prose</em>.</p>\n")
  }

  @Test func safeModeDropsRawHTMLUnlessAllowed() {
    let source = "<script>alert(1)</script>\n"
    #expect(!MarkdownRenderer.html(source).contains("<script>"))
    #expect(MarkdownRenderer.html(source, allowRawHTML: true).contains("<script>"))
  }
}
