import Analysis
import Foundation
import Publisher
import Testing

/// `patchscope` blocks end to end on SmolLM2.
@Suite struct PatchscopeRendererTests {
  @Test func readsTheLastPositionOfSmolLM2() throws {
    let site = try RendererSite(blocks: [
      "analysis: patchscope\nprompt: \"I go to the basketball court to\"\ntokens: 2"
    ])
    #expect(site.files == site.secondFiles)
    #expect(site.svgParses("posts/lens/fig-1-patchscope.svg"))
    let json = try #require(try site.json("posts/lens/fig-1-patchscope.json"))
    let rows = try #require(json["rows"] as? [[String: Any]])
    #expect(rows.count == 31)
    let page = try #require(site.text("posts/lens/index.html"))
    #expect(page.contains("<th>patchscope writes</th>"))
    #expect(page.contains("Through the Patchscope, the state at"))
  }
}
