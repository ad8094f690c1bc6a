import Analysis
import Engine
import Foundation
import Publisher
import Registry
import Testing

/// How a post's Markdown becomes a page: anchors, contents, references, figures, links, safety.
@Suite struct PostPageTests {
  static let body = """

    Intro with *emphasis*, [the other post](other.md#details), an ![image](../assets/dot.png),
    [a root link](/assets/dot.png) and [elsewhere](https://example.com/x). See [@fig:shape]
    and `[@fig:shape]` in code.

    ## What we saw

    Text.

    ## What we saw

    <script>alert(1)</script>

    ```lens
    analysis: capacity
    caption: The model's *shape*; compare [@fig:shape].
    label: shape
    ```

    ### Fig `shape`

    ```lens
    analysis: capacity
    bars: 2
    ```
    """

  func build(
    config: String = TestSite.config, counter: ModelFactsRenderer.Counter = .init()
  ) throws -> (OutputTree, TestSite) {
    let site = try TestSite(
      config: config,
      files: [
        "posts/first.md": TestSite.post(title: "First & best", Self.body),
        "posts/other.md": TestSite.post(title: "Other", date: "2024-04-01", "# Details\n\nBack.\n"),
        "assets/dot.png": "PNG",
      ])
    var options = BuildOptions(renderers: LensRenderers([ModelFactsRenderer(counter: counter)]))
    options.resolveModel = { _ in try TestModels.smollm2 }
    let (tree, _) = try site.builder.tree(options)
    return (tree, site)
  }

  @Test func headingsGetStableUniqueAnchorsAndAContentsList() throws {
    let (tree, site) = try build()
    defer { site.remove() }
    let page = try #require(tree.text("posts/first/index.html"))
    #expect(page.contains("<h2 id=\"what-we-saw\">What we saw</h2>"))
    #expect(page.contains("<h2 id=\"what-we-saw-1\">What we saw</h2>"))
    #expect(page.contains("<h3 id=\"fig-shape-1\">Fig <code>shape</code></h3>"))
    #expect(page.contains("<li class=\"level-2\"><a href=\"#what-we-saw-1\">What we saw</a></li>"))
    #expect(page.contains("<li class=\"level-3\"><a href=\"#fig-shape-1\">Fig shape</a></li>"))
  }

  @Test func figuresAreNumberedCaptionedAndReferenced() throws {
    let counter = ModelFactsRenderer.Counter()
    let (tree, site) = try build(counter: counter)
    defer { site.remove() }
    #expect(counter.renders == 2)
    #expect(counter.loads == 1, "both blocks share one loaded model")
    let page = try #require(tree.text("posts/first/index.html"))
    #expect(page.contains("<figure class=\"lens-figure\" id=\"fig-shape\">"))
    #expect(page.contains("<figure class=\"lens-figure\" id=\"figure-2\">"))
    #expect(
      page.contains(
        "<a class=\"lens-number\" href=\"#fig-shape\">Figure 1.</a> The model’s <em>shape</em>; compare "
          + "<a class=\"figure-ref\" href=\"#fig-shape\">Figure 1</a>."))
    #expect(page.contains("See <a class=\"figure-ref\" href=\"#fig-shape\">Figure 1</a>\nand"))
    #expect(page.contains("<code>[@fig:shape]</code>"))
    // The SVG is in the page, so that its tooltips and the figure script reach it; its file
    // and data are linked beside it.
    #expect(page.contains("<div class=\"lens-graphic\">\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
    #expect(!page.contains("<img src=\"fig-"))
    #expect(page.contains("<a href=\"fig-1-capacity.svg\">SVG</a> · <a href=\"fig-1-capacity.json\">data</a>"))
    #expect(page.contains("<script src=\"../../lens.js\"></script>\n</body>"))
    #expect(
      page.contains(
        "<p class=\"lens-finding\">SmolLM2-135M-Instruct.Q4_1.gguf has 30 layers of width 576 and a "
          + "vocabulary of 49152 tokens.</p>"))
    #expect(page.contains("<tr><td>layers</td><td>30</td></tr>"))
    #expect(page.contains("<a href=\"fig-2-capacity.json\">data</a>"))
    let data = try #require(tree.text("posts/first/fig-2-capacity.json"))
    #expect(data == "{\n  \"layers\": 30,\n  \"width\": 576\n}\n")
    #expect(tree.text("posts/first/fig-1-capacity.svg")?.hasPrefix("<svg") == true)
    #expect(
      page.contains(
        "Figures computed by lenscribe from <code>SmolLM2-135M-Instruct.Q4_1.gguf</code> (SHA-256 "
          + "<code class=\"sha\">\(RegistryModel.smollm2.sha256)</code>)."))
  }

  @Test func linksPointAtTheBuiltFilesAndRawHTMLIsDropped() throws {
    let (tree, site) = try build()
    defer { site.remove() }
    let page = try #require(tree.text("posts/first/index.html"))
    #expect(page.contains("<a href=\"../other/#details\">the other post</a>"))
    #expect(page.contains("<img src=\"../../assets/dot.png\" alt=\"image\" />"))
    #expect(page.contains("<a href=\"../../assets/dot.png\">a root link</a>"))
    #expect(page.contains("<a href=\"https://example.com/x\">elsewhere</a>"))
    #expect(!page.contains("<script>"))
    #expect(page.contains("<!-- raw HTML omitted -->"))
    #expect(tree.text("assets/dot.png") == nil && tree.contains("assets/dot.png"))
  }

  @Test func unsafeHTMLPassesRawHTMLThrough() throws {
    let (tree, site) = try build(config: TestSite.config + "\nunsafe-html: true\n")
    defer { site.remove() }
    #expect(tree.text("posts/first/index.html")?.contains("<script>alert(1)</script>") == true)
    #expect(tree.text("posts/first/index.md")?.contains("<script>alert(1)</script>") == true)
  }

  @Test func theMarkdownCopyReadsWellOnGitHub() throws {
    let (tree, site) = try build()
    defer { site.remove() }
    let markdown = try #require(tree.text("posts/first/index.md"))
    #expect(
      markdown.hasPrefix(
        "# First & best\n\n*1 May 2024 · A. Writer · 1 min read*\n\n> What First & best is about.\n"
      ))
    #expect(markdown.contains("[the other post](../other/index.md#details)"))
    #expect(markdown.contains("See [Figure 1](fig-1-capacity.svg)\nand `[@fig:shape]` in code."))
    #expect(
      markdown.contains("![Bars for the model's layers, width and vocabulary.](fig-1-capacity.svg)")
    )
    #expect(
      markdown.contains(
        "**Figure 1.** The model’s *shape*; compare [Figure 1](fig-1-capacity.svg)."))
    #expect(
      markdown.contains(
        "| fact | value |\n| --- | --- |\n| layers | 30 |\n| width | 576 |\n| vocabulary | 49152 |")
    )
    #expect(markdown.contains("*capacity · [data](fig-2-capacity.json)*"))
    #expect(markdown.contains("SmolLM2-135M-Instruct.Q4\\_1.gguf has 30 layers of width 576"))
    #expect(!markdown.contains("<script>"))
    #expect(
      markdown.hasSuffix(
        "Figures computed by lenscribe from `SmolLM2-135M-Instruct.Q4_1.gguf` (SHA-256 `\(RegistryModel.smollm2.sha256)`).\n"
      ))
  }

  @Test func readingTimeCountsProseAtTwoHundredWordsAMinute() throws {
    let words = Array(repeating: "word", count: 401).joined(separator: " ")
    let code = "```\n" + Array(repeating: "ignored", count: 1000).joined(separator: " ") + "\n```\n"
    let site = try TestSite(files: ["posts/long.md": TestSite.post(words + "\n\n" + code)])
    defer { site.remove() }
    let (tree, _) = try site.builder.tree(BuildOptions())
    #expect(tree.text("posts/long/index.html")?.contains("· 3 min read") == true)
    #expect(tree.text("index.html")?.contains("· 3 min read") == true)
  }
}
