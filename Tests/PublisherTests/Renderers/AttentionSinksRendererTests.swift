import Analysis
import Foundation
import Publisher
import Testing

/// `attention-sinks` blocks end to end on SmolLM2: heatmap, data, finding, options.
@Suite struct AttentionSinksRendererTests {
  @Test func drawsTheFirstTokenShareOfEveryHeadOfSmolLM2() throws {
    let site = try RendererSite(blocks: [
      "analysis: attention-sinks\nprompt: Paris is the capital of\ncandidates: 2"
    ])
    #expect(site.files == site.secondFiles)
    #expect(site.svgParses("posts/lens/fig-1-attention-sinks.svg"))
    let json = try #require(try site.json("posts/lens/fig-1-attention-sinks.json"))
    let shares = try #require(json["shares"] as? [[Double]])
    #expect(shares.count == 30 && shares.allSatisfy { $0.count == 9 })
    #expect(shares.joined().allSatisfy { $0 >= 0 && $0 <= 1 })
    let mean = try #require(json["meanShare"] as? Double)
    #expect(mean > 0.2 && mean < 1)
    let secondary = try #require(json["secondary"] as? [[String: Any]])
    #expect(secondary.count == 2)
    let page = try #require(site.text("posts/lens/index.html"))
    #expect(page.contains(String(format: "%.1f%%", mean * 100)))
  }

  @Test func rejectsAThresholdOutsideZeroToOne() {
    let request = LensRequest(
      analysis: .attentionSinks, model: "smollm2-135m", prompt: "Hi",
      options: ["threshold": .double(1.5)])
    #expect(throws: LensOptionError.self) { try AttentionSinksRenderer().validate(request) }
    let bos = LensRequest(
      analysis: .attentionSinks, model: "smollm2-135m", prompt: "Hi",
      options: ["bos": .string("maybe")])
    #expect(throws: LensOptionError(key: "bos", "bos must be true or false, not maybe")) {
      try AttentionSinksRenderer().validate(bos)
    }
  }
}
