import Analysis
import Foundation
import Publisher
import Testing

/// `steering` blocks end to end on SmolLM2.
@Suite struct SteeringRendererTests {
  @Test func steersSmolLM2() throws {
    let site = try RendererSite(blocks: [
      "analysis: steering\nprompt: \"I think that you are\"\nprompts: [Love, Hate]\nlayer: 10\nscale: 8\ntokens: 6"
    ])
    #expect(site.files == site.secondFiles)
    #expect(site.svgParses("posts/lens/fig-1-steering.svg"))
    let json = try #require(try site.json("posts/lens/fig-1-steering.json"))
    #expect((json["layer"] as? Int) == 10)
    let page = try #require(site.text("posts/lens/index.html"))
    #expect(page.contains("Added at layer 10 with scale 8"))
  }

  @Test func aLayerPastTheLastIsRefused() throws {
    let post = TestSite.post(
      title: "Lens", extra: "model: smollm2-135m\n",
      "```lens\nanalysis: steering\nprompt: Hi there\nprompts: [Love, Hate]\nlayer: 30\n```\n")
    let site = try TestSite(files: ["posts/lens.md": post])
    defer { site.remove() }
    do {
      try site.builder.build(BuildOptions(renderers: .standard))
      Issue.record("layer 30 of 30 was steered")
    } catch {
      #expect("\(error)".contains("layer must be from 0 to 29"))
    }
  }
}
