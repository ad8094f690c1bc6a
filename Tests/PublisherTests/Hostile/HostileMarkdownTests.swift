import Foundation
import Publisher
import Testing

/// Raw HTML and script links an author writes stay out of `index.md`, which GitHub and other
/// Markdown viewers show, as libcmark keeps them out of the HTML pages.
@Suite struct HostileMarkdownTests {
  static let hostileCaption =
    "'Shape <script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3))"
    + " [home](https://example.org/)'"
  static let hostileProse = """
    [x](JavaScript:alert(4)) ![i](vbscript:msgbox) <JAVASCRIPT:alert(5)>
    [png](data:image/png;base64,AAAA)
    [page](data:text/html;base64,PHNjcmlwdD4=) <b onmouseover=alert(6)>bold</b>

    <div onclick="alert(7)">block</div>
    """

  /// What the author wrote reaches `index.md` as safe as the HTML page: raw HTML as a comment,
  /// links that would run script with an empty destination.
  @Test func rawHTMLAndScriptLinksInCaptionsAndProseStayOutOfTheMarkdown() throws {
    let body =
      "```lens\nanalysis: capacity\ncaption: \(Self.hostileCaption)\n```\n\n\(Self.hostileProse)\n"
    let (html, markdown) = try HostileTextTests.pages(finding: "", body: body)
    let handlers = ["<script", "onerror=", "onmouseover=", "onclick="]
    for unsafe in handlers + ["<img", "](javascript:", "](vbscript:", "](data:text", "<javascript:"]
    {
      #expect(!markdown.lowercased().contains(unsafe), "\(unsafe) in \(markdown)")
    }
    // The HTML page as libcmark makes it: the same links emptied, the same HTML omitted. The
    // one script left is the site's own figure script.
    let ownScript = "<script src=\"../../lens.js\"></script>"
    #expect(html.components(separatedBy: ownScript).count == 2)
    let authored = html.replacingOccurrences(of: ownScript, with: "")
    for unsafe in handlers + ["href=\"javascript:", "src=\"vbscript:", "href=\"data:text"] {
      #expect(!authored.lowercased().contains(unsafe), "\(unsafe) in \(authored)")
    }
    #expect(markdown.contains("**Figure 1.** Shape <!-- raw HTML omitted -->"))
    #expect(markdown.contains("[click]() [home](https://example.org/)"))
    #expect(markdown.contains("[x]() ![i]()"))
    #expect(markdown.contains("[png](data:image/png;base64,AAAA)"))
    #expect(markdown.contains("<!-- raw HTML omitted -->bold<!-- raw HTML omitted -->"))
  }

  /// A site that allows raw HTML gets it in both forms, as written.
  @Test func unsafeHTMLKeepsTheCaptionsHTMLAndLinksInTheMarkdown() throws {
    let body = "```lens\nanalysis: capacity\ncaption: \(Self.hostileCaption)\n```\n"
    let (html, markdown) = try HostileTextTests.pages(
      finding: "", config: TestSite.config + "\nunsafe-html: true\n", body: body)
    #expect(html.contains("<script>alert(1)</script>"))
    #expect(markdown.contains("<script>alert(1)</script> <img src=x onerror=alert(2)>"))
    #expect(markdown.contains("[click](javascript:alert\\(3\\))"))
  }

  /// A model file's name is shown as code in `index.md`; a backtick in it cannot end the code
  /// early and let the rest of the name be read as HTML.
  @Test func aModelFileNameWithBackticksStaysCodeInTheMarkdown() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("lenscribe-name-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let link = folder.appendingPathComponent("a`<b onmouseover=alert(1)>`.gguf")
    try FileManager.default.createSymbolicLink(
      atPath: link.path, withDestinationPath: try TestModels.smollm2)
    let site = try TestSite(
      files: ["posts/p.md": TestSite.post("```lens\nanalysis: capacity\n```\n")])
    defer { site.remove() }
    var options = BuildOptions(renderers: LensRenderers([ModelFactsRenderer()]))
    options.resolveModel = { _ in link.path }
    let (tree, _) = try site.builder.tree(options)
    let markdown = try #require(tree.text("posts/p/index.md"))
    #expect(markdown.contains("from ``a`<b onmouseover=alert(1)>`.gguf`` (SHA-256 `"))
  }
}
