import Analysis
import Foundation
import Publisher
import Testing

/// `logit-lens` blocks end to end on SmolLM2: token heatmap, data, finding, options.
@Suite struct LogitLensRendererTests {
  @Test func drawsEveryLayerOfSmolLM2() throws {
    let site = try RendererSite(blocks: [
      "analysis: logit-lens\nprompt: Paris is the\nmeasure: kl\ntop: 3"
    ])
    #expect(site.files == site.secondFiles)
    #expect(site.svgParses("posts/lens/fig-1-logit-lens.svg"))
    let json = try #require(try site.json("posts/lens/fig-1-logit-lens.json"))
    let cells = try #require(json["cells"] as? [[[String: Any]]])
    #expect(cells.count == 31)
    let tokens = try #require(json["tokens"] as? [[String: Any]])
    #expect(cells.allSatisfy { $0.count == tokens.count })
    // With the final norm, the last layer is the output: KL 0 from the final distribution.
    let last = cells[30].compactMap { $0["divergence"] as? Double }
    #expect(last.count == tokens.count && last.allSatisfy { abs($0) < 1e-3 })
    let first = cells[0].compactMap { $0["divergence"] as? Double }
    #expect(first.allSatisfy { $0 > 0.1 })
    let findings = try #require(json["findings"] as? [String])
    let page = try #require(site.text("posts/lens/index.html"))
    #expect(findings.first.map { page.contains($0.prefix(20)) } == true)
    #expect(findings.joined().contains { $0.isNumber })
  }

  @Test func rejectsABadMeasure() {
    let request = LensRequest(
      analysis: .logitLens, model: "smollm2-135m", prompt: "Hi",
      options: ["measure": .string("colour")])
    let measure = "measure must be one of own, final, rank, entropy, kl, not colour"
    #expect(throws: LensOptionError(key: "measure", measure)) {
      try LogitLensRenderer().validate(request)
    }
    let unknown = LensRequest(
      analysis: .logitLens, model: "smollm2-135m", prompt: "Hi", options: ["layers": .int(3)])
    let message = "unknown option 'layers' for logit-lens (allowed: bos, lens, measure, norm, positions, top)"
    #expect(throws: LensOptionError(key: "layers", message)) {
      try LogitLensRenderer().validate(unknown)
    }
    let tooMany = LensRequest(
      analysis: .logitLens, model: "smollm2-135m", prompt: "Hi",
      options: ["positions": .int(5000)])
    #expect(throws: LensOptionError(key: "positions", "positions must be a whole number from 1 to 1024, not 5000")) {
      try LogitLensRenderer().validate(tooMany)
    }
  }

  /// `positions: 3` on a longer prompt: three columns, and the description says which.
  @Test func readsTheLastPositionsOfALongPrompt() throws {
    let site = try RendererSite(blocks: [
      "analysis: logit-lens\nprompt: The capital of France is the city of\npositions: 3"
    ])
    let json = try #require(try site.json("posts/lens/fig-1-logit-lens.json"))
    let cells = try #require(json["cells"] as? [[[String: Any]]])
    let tokens = try #require(json["tokens"] as? [[String: Any]])
    let length = try #require(json["promptLength"] as? Int)
    #expect(tokens.count == 3 && cells.allSatisfy { $0.count == 3 } && length > 3)
    let page = try #require(site.text("posts/lens/index.html"))
    #expect(page.contains("on the last 3 of \(length) tokens"))
    let findings = try #require(json["findings"] as? [String])
    #expect(findings[1].contains("over the last 3 of \(length) positions"))
  }
}
