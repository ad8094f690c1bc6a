import Analysis
import Foundation
import Publisher
import Testing

/// `residual-change` blocks end to end on SmolLM2: heatmap, data, finding, options.
@Suite struct ResidualChangeRendererTests {
  @Test func drawsTheChangeOfEveryBlockOfSmolLM2() throws {
    let site = try RendererSite(blocks: [
      "analysis: residual-change\nprompt: Paris is the capital\ngaps: [5]"
    ])
    #expect(site.files == site.secondFiles)
    #expect(site.svgParses("posts/lens/fig-1-residual-change.svg"))
    let json = try #require(try site.json("posts/lens/fig-1-residual-change.json"))
    let steps = try #require(json["steps"] as? [[[String: Any]]])
    #expect(steps.count == 30)
    let changes = steps.flatMap { $0.compactMap { $0["changePercent"] as? Double } }
    #expect(changes.count == 30 * steps[0].count && changes.allSatisfy { $0 > 0 })
    let middle = try #require(json["middleMedianChangePercent"] as? Double)
    #expect(middle > 1 && middle < 200)
    let gaps = try #require(json["gapCosines"] as? [[String: Any]])
    #expect(gaps.count == 1 && gaps[0]["gap"] as? Int == 5)
    let findings = try #require(json["findings"] as? [String])
    #expect(findings[0].contains("median") && findings.joined().contains { $0.isNumber })
    let page = try #require(site.text("posts/lens/index.html"))
    #expect(page.contains(findings[0].prefix(60)))
  }

  @Test func rejectsGapsThatAreNotLayerDistances() {
    let request = LensRequest(
      analysis: .residualChange, model: "smollm2-135m", prompt: "Hi",
      options: ["gaps": .list([.int(0)])])
    #expect(throws: LensOptionError.self) { try ResidualChangeRenderer().validate(request) }
    let none = LensRequest(analysis: .residualChange, model: "smollm2-135m")
    #expect(throws: LensOptionError.self) { try ResidualChangeRenderer().validate(none) }
  }
}
