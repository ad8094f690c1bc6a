import Analysis
import Foundation
import Publisher
import Testing

/// Value references in a built page: read from the real model's block result, checked at build.
@Suite struct ValueTableTests {
  static func build(_ body: String) throws -> OutputTree {
    let site = try TestSite(files: ["posts/p.md": TestSite.post(body)])
    defer { site.remove() }
    var options = BuildOptions(renderers: LensRenderers([ModelFactsRenderer()]))
    options.resolveModel = { _ in try TestModels.smollm2 }
    return try site.builder.tree(options).0
  }

  static let block = "```lens\nanalysis: capacity\nlabel: shape\ncaption: \"[@val:shape.layers] layers.\"\n```\n"

  /// SmolLM2-135M has 30 layers of width 576 and 49152 tokens (its model card); the page says
  /// so through references to the block's result, in the HTML, the Markdown and the caption.
  @Test func referencesBecomeTheBlocksValues() throws {
    let tree = try Self.build(
      "It has [@val:shape.layers] layers of width [@val:shape.width] and a vocabulary of "
        + "[@val:shape.vocabulary|,] tokens; its *last* is the [@val:shape.layers|ord].\n\n"
        + Self.block + "\nIn code: `[@val:shape.layers]`.\n")
    let html = try #require(tree.text("posts/p/index.html"))
    #expect(
      html.contains(
        "<p>It has 30 layers of width 576 and a vocabulary of 49,152 tokens; its <em>last</em> "
          + "is the 30th.</p>"))
    #expect(html.contains("<code>[@val:shape.layers]</code>"))
    #expect(html.contains("Figure 1.</a> 30 layers.\n</figcaption>"))
    let markdown = try #require(tree.text("posts/p/index.md"))
    #expect(markdown.contains("a vocabulary of 49,152 tokens; its *last* is the 30th."))
    #expect(markdown.contains("**Figure 1.** 30 layers."))
  }

  /// A path that leads nowhere fails the build at the reference's line, with what is there.
  @Test func aPathThatLeadsNowhereFailsAtItsLine() throws {
    // The post's front matter is 5 lines; the body starts on line 6.
    #expect(
      throws: PublishError.sourceErrors([
        SourceError(
          file: "posts/p.md", line: 13,
          message: "[@val:shape.depth]: shape has no 'depth' (it has: layers, vocabulary, width)")
      ])
    ) {
      try Self.build(Self.block + "\nFine: [@val:shape.width].\nNot: [@val:shape.depth].\n")
    }
  }

  @Test func aReferenceToNoBlockIsReportedBeforeAnythingRuns() {
    #expect(
      throws: PublishError.sourceErrors([
        SourceError(
          file: "posts/p.md", line: 6,
          message:
            "[@val:shap.layers] refers to no lens block: none has `label: shap` (labels here: shape)")
      ])
    ) {
      try Self.build("See [@val:shap.layers].\n\n" + Self.block)
    }
  }
}
