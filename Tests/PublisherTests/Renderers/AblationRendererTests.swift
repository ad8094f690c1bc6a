import Analysis
import Foundation
import Publisher
import Testing

/// `ablation` blocks end to end on SmolLM2.
@Suite struct AblationRendererTests {
  @Test func ablatesEveryHeadOfSmolLM2() throws {
    let site = try RendererSite(blocks: [
      "analysis: ablation\nprompt: \"The capital of France is\""
    ])
    #expect(site.files == site.secondFiles)
    #expect(site.svgParses("posts/lens/fig-1-ablation.svg"))
    let json = try #require(try site.json("posts/lens/fig-1-ablation.json"))
    let heads = try #require(json["heads"] as? [[[String: Any]]])
    #expect(heads.count == 30 && heads[0].count == 9)
    let page = try #require(site.text("posts/lens/index.html"))
    #expect(page.contains("loses most log-probability without L"))
    #expect(page.contains("<th>Δ ln p(answer)</th>"))
  }
}
