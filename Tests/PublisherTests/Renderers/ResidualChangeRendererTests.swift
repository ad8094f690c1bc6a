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

  @Test func theMedianAndCosineViewsSayWhatTheirChartsShow() throws {
    let site = try RendererSite(blocks: [
      "analysis: residual-change\nprompt: Paris is the capital\nview: median",
      "analysis: residual-change\nprompt: Paris is the capital\nview: cosine\ngaps: [5]",
    ])
    let page = try #require(site.text("posts/lens/index.html"))
    let json = try #require(try site.json("posts/lens/fig-1-residual-change.json"))
    let layers = try #require(json["layers"] as? [[String: Any]])
    let medians = layers.compactMap { $0["medianChangePercent"] as? Double }
    #expect(medians.count == 30)
    let later = medians.dropFirst()
    let peak = try #require(later.max())
    let block = try #require(later.firstIndex(of: peak)) + 1
    #expect(page.contains("ranges from") && page.contains("% at block \(block); over the middle"))
    let cosines = layers.compactMap { $0["meanCosine"] as? Double }
    let lowest = try #require(cosines.min())
    let layer = try #require(cosines.firstIndex(of: lowest)) + 1
    #expect(page.contains("Adjacent layers have a mean cosine of"))
    #expect(page.contains(") at layer \(layer); residuals 5 layers apart have"))
    // Neither view repeats the heatmap's findings.
    #expect(!page.contains("first position's RMS") && !page.contains("the last block"))
  }

  @Test func rejectsGapsThatAreNotLayerDistances() {
    let request = LensRequest(
      analysis: .residualChange, model: "smollm2-135m", prompt: "Hi",
      options: ["gaps": .list([.int(0)])])
    #expect(throws: LensOptionError.self) { try ResidualChangeRenderer().validate(request) }
    // A block without a prompt is refused by the build, which asks the renderer first.
    #expect(ResidualChangeRenderer().needsPrompt)
  }
}
