import Analysis
import Foundation
import Publisher
import Testing

/// `patching` blocks end to end on SmolLM2.
@Suite struct PatchingRendererTests {
  @Test func patchesTheResidualOfSmolLM2() throws {
    let site = try RendererSite(blocks: [
      "analysis: patching\nprompts: [\"The capital of France is\", \"The capital of Italy is\"]\nsite: attention"
    ])
    #expect(site.files == site.secondFiles)
    #expect(site.svgParses("posts/lens/fig-1-patching.svg"))
    let json = try #require(try site.json("posts/lens/fig-1-patching.json"))
    let restored = try #require(json["restored"] as? [[Double]])
    #expect(restored.count == 30 && restored[0].count == 5)
    let page = try #require(site.text("posts/lens/index.html"))
    #expect(page.contains("Patching the attention output restores most at layer"))
    #expect(site.text("posts/lens/fig-1-patching.svg")?.contains("␣France/␣Italy") == true)
  }

  @Test func promptsOfDifferentLengthsNameBothLengths() throws {
    let post = TestSite.post(
      title: "Lens", extra: "model: smollm2-135m\n",
      "```lens\nanalysis: patching\nprompts: [\"I go to the basketball court to\", \"I go to the tennis court to play\"]\n```\n")
    let site = try TestSite(files: ["posts/lens.md": post])
    defer { site.remove() }
    do {
      try site.builder.build(BuildOptions(renderers: .standard))
      Issue.record("prompts of different lengths were patched")
    } catch {
      #expect("\(error)".contains("the clean one has 7 tokens and the corrupted one 8"))
    }
  }
}
