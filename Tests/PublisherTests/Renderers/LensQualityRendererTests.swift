import Analysis
import Foundation
import Publisher
import Testing

/// `lens-quality` blocks end to end on SmolLM2: chart, data, finding, table.
@Suite struct LensQualityRendererTests {
  @Test func readsEveryLayerOfSmolLM2OnAPassage() throws {
    let site = try RendererSite(blocks: [
      "analysis: lens-quality\nprompt: \"It is a truth universally acknowledged, that a single "
        + "man in possession of a good fortune, must be in want of a wife.\""
    ])
    #expect(site.files == site.secondFiles)
    #expect(site.svgParses("posts/lens/fig-1-lens-quality.svg"))
    let json = try #require(try site.json("posts/lens/fig-1-lens-quality.json"))
    let layers = try #require(json["layers"] as? [[String: Any]])
    #expect(layers.count == 31)
    let output = try #require(layers.last?["divergence"] as? Double)
    #expect(output < 1e-4)
    let page = try #require(site.text("posts/lens/index.html"))
    #expect(page.contains("the model&#39;s own output costs") || page.contains("the model's own output costs"))
    #expect(page.contains("<th>bits per byte</th>"))
  }
}
