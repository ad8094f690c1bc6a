import Engine
import Foundation
import Publisher
import Testing

/// Control characters, which would cut a page short (NUL) or are invalid in XML: those an author
/// writes are refused at their line, those a model gives are shown visibly.
@Suite struct HostileTextTests {
  // A TestSite post's body starts on line 6: a lens fence there has its first key on line 7.

  @Test func aNULInAPromptIsRefusedAtItsLine() throws {
    let errors = try HostileSiteTests.failure(
      of: TestSite.post("```lens\nanalysis: predictions\nprompt: \"a\\0b\"\n```\n"))
    #expect(errors.count == 1)
    #expect(errors.first?.file == "posts/bad.md")
    #expect(errors.first?.line == 8)
    #expect(errors.first?.message.hasPrefix("'prompt' has a control character U+0000") == true)
  }

  @Test func bytesThatAreNotUTF8AreReportedAtTheirLine() throws {
    let site = try TestSite(files: [:])
    defer { site.remove() }
    var bytes = Data(TestSite.post("Plain words.\nCaf").utf8)
    bytes += [0xE9, 0x20, 0x6F, 0x6C, 0xE9, 0x0A]  // "é olé" in Latin-1
    let file = site.folder.appendingPathComponent("posts/latin1.md")
    try FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try bytes.write(to: file)
    #expect(
      throws: PublishError.sourceErrors([
        SourceError(
          file: "posts/latin1.md", line: 7,
          message: "byte 4 of the line (0xE9) is not UTF-8 text; save the file as UTF-8")
      ])
    ) { try site.builder.build(BuildOptions()) }
  }

  @Test func aByteOrderMarkIsNotPartOfThePost() throws {
    let site = try TestSite(files: [:])
    defer { site.remove() }
    let file = site.folder.appendingPathComponent("posts/marked.md")
    try FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try (Data([0xEF, 0xBB, 0xBF]) + Data(TestSite.post("Marked words.\n").utf8)).write(to: file)
    try site.builder.build(BuildOptions())
    #expect(try site.built("posts/marked/index.html").contains("Marked words."))
  }

  @Test func aNULInATitleIsRefusedAtItsLine() throws {
    let errors = try HostileSiteTests.failure(
      of: TestSite.post(title: "\"A\\0title\"", "Text.\n"))
    #expect(errors.first?.line == 2)
    #expect(errors.first?.message.hasPrefix("'title' has a control character U+0000") == true)
  }

  /// Escapes in lists and mappings of options are found too (`\e` is ESC, `\x85` a C1 control).
  @Test func aControlCharacterInsideALensOptionIsRefused() throws {
    let errors = try HostileSiteTests.failure(
      of: TestSite.post(
        "```lens\nanalysis: predictions\nprompt: Hi\ngaps:\n  - {name: \"\\x85\"}\n```\n"))
    #expect(errors.first?.line == 10)
    #expect(errors.first?.message.hasPrefix("'gaps' has a control character U+0085") == true)
  }

  /// Written as they are (not as escapes), control characters are refused in the prose too,
  /// where libcmark would copy them into the page.
  @Test func aControlCharacterTypedIntoTheProseIsRefusedAtItsLineAndColumn() throws {
    let errors = try HostileSiteTests.failure(of: TestSite.post("Text.\n\nAn \u{1B}[2Jescape.\n"))
    #expect(errors.count == 1)
    #expect(errors.first?.line == 8)
    #expect(
      errors.first?.message.hasPrefix("the line has a control character U+001B (column 4); ")
        == true)
  }

  @Test func aControlCharacterInTheSiteConfigurationIsRefused() throws {
    #expect {
      try SiteConfig.parse("title: \"Lens\\anotes\"\nbase-url: https://example.org/\n")
    } throws: { error in
      let error = error as? SourceError
      return error?.line == 1
        && error?.message.hasPrefix("'title' has a control character U+0007") == true
    }
  }

  /// A site whose one figure's finding carries what a token can carry: NUL, ESC, DEL, a C1
  /// control. Returns the built post's page and Markdown.
  static func pages(finding stamp: String, config: String = TestSite.config, body: String)
    throws -> (html: String, markdown: String)
  {
    let site = try TestSite(config: config, files: ["posts/p.md": TestSite.post(body)])
    defer { site.remove() }
    var options = BuildOptions(renderers: LensRenderers([ModelFactsRenderer(stamp: stamp)]))
    options.resolveModel = { _ in try TestModels.smollm2 }
    let (tree, _) = try site.builder.tree(options)
    return (
      try #require(tree.text("posts/p/index.html")), try #require(tree.text("posts/p/index.md")))
  }

  /// Whether `text` holds a control character other than tab and line breaks.
  static func hasControls(_ text: String) -> Bool {
    text.unicodeScalars.contains {
      $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" && $0 != "\r"
    }
  }

  @Test func controlCharactersFromAModelAreShownVisiblyAndNeverCutAPage() throws {
    let stamp = " nul\u{0}esc\u{1B}[2Jdel\u{7F}csi\u{9B}end"
    let (html, markdown) = try Self.pages(
      finding: stamp, body: "```lens\nanalysis: capacity\n```\n\nAfter the figure.\n")
    #expect(!Self.hasControls(html), "\(html.debugDescription)")
    #expect(!Self.hasControls(markdown), "\(markdown.debugDescription)")
    #expect(html.contains("tokens. nul␀esc␛[2Jdel␡csi⟨U+009B⟩end</p>"))
    #expect(markdown.contains("tokens. nul␀esc␛\\[2Jdel␡csi⟨U+009B⟩end\n"))
    // Nothing after the NUL was lost: the figure, the prose after it and the page's end are there.
    #expect(html.contains("<a href=\"fig-1-capacity.json\">data</a></p>\n<details class=\"lens-reproduce\">"))
    #expect(html.contains("LENS</code></pre>\n</details>\n</figure>"))
    #expect(html.contains("<p>After the figure.</p>") && html.hasSuffix("</html>\n"))
    #expect(markdown.contains("[data](fig-1-capacity.json)*"))
    #expect(markdown.contains("After the figure."))
  }
}
