import Analysis
import Foundation
import Publisher
import Testing

/// `predictions` blocks end to end on SmolLM2: figure, data, finding, table, options.
@Suite struct PredictionsRendererTests {
  @Test func drawsTheTopTokensOfSmolLM2() throws {
    let site = try RendererSite(blocks: [
      "analysis: predictions\nprompt: The capital of France is\ntop: 5"
    ])
    #expect(site.files == site.secondFiles)
    #expect(site.svgParses("posts/lens/fig-1-predictions.svg"))
    let json = try #require(try site.json("posts/lens/fig-1-predictions.json"))
    let top = try #require(json["top"] as? [[String: Any]])
    #expect(top.count == 5)
    let first = try #require(top[0]["probability"] as? Double)
    #expect(first > 0.05 && first < 1)
    let probabilities = top.compactMap { $0["probability"] as? Double }
    #expect(probabilities == probabilities.sorted(by: >))
    let page = try #require(site.text("posts/lens/index.html"))
    #expect(page.contains("most likely next token is"))
    #expect(page.contains(String(format: "%.4f", first)))
  }

  @Test func rejectsUnknownOptionsNamingTheAllowedOnes() {
    let request = LensRequest(
      analysis: .predictions, model: "smollm2-135m", prompt: "Hi", options: ["colour": .int(1)])
    #expect(throws: LensOptionError.self) { try PredictionsRenderer().validate(request) }
    do {
      try PredictionsRenderer().validate(request)
    } catch {
      #expect(error.key == "colour")
      #expect(error.message.contains("allowed: bos, position, top"))
    }
    let bad = LensRequest(
      analysis: .predictions, model: "smollm2-135m", prompt: "Hi", options: ["top": .int(0)])
    #expect(throws: LensOptionError.self) { try PredictionsRenderer().validate(bad) }
  }
}
