import Analysis
import Foundation
import Publisher
import Testing

/// `trajectory` blocks end to end on SmolLM2: line chart, data, finding, table, options.
@Suite struct TrajectoryRendererTests {
  @Test func followsTheLastPositionThroughEveryLayerOfSmolLM2() throws {
    let site = try RendererSite(blocks: [
      "analysis: trajectory\nprompt: The capital of France is\ntop: 3",
      "analysis: trajectory\nprompt: The capital of France is\ntop: 2\nposition: 2\nmeasure: rank",
    ])
    #expect(site.files == site.secondFiles)
    #expect(site.svgParses("posts/lens/fig-1-trajectory.svg"))
    let json = try #require(try site.json("posts/lens/fig-1-trajectory.json"))
    let layers = try #require(json["layers"] as? [[[String: Any]]])
    #expect(layers.count == 31 && layers.allSatisfy { $0.count == 3 })
    let curves = try #require(json["curves"] as? [[String: Any]])
    #expect(curves.count >= 3)
    for curve in curves {
      let probabilities = try #require(curve["probabilities"] as? [Double])
      let ranks = try #require(curve["ranks"] as? [Int])
      #expect(probabilities.count == 31 && ranks.count == 31)
      #expect(probabilities.allSatisfy { $0 >= 0 && $0 <= 1 })
      #expect(ranks.allSatisfy { $0 >= 1 && $0 <= 49152 })
    }
    // The last layer's lens (with the final norm) is the model's output: its top-1 is the
    // final answer, with the same probability.
    let final = try #require(json["finalToken"] as? [String: Any])
    let finalProbability = try #require(final["probability"] as? Double)
    let lastTop = try #require(layers[30].first?["probability"] as? Double)
    #expect(abs(lastTop - finalProbability) < 1e-4)
    #expect(finalProbability > 0.05 && finalProbability < 1)
    // One line per token on top at the last layer.
    let svg = try #require(site.text("posts/lens/fig-1-trajectory.svg"))
    let lines = svg.split(separator: "\n").filter { $0.contains("stroke-width=\"2\" d=\"M") }
    #expect(lines.count == 3)
    let page = try #require(site.text("posts/lens/index.html"))
    let findings = try #require(json["findings"] as? [String])
    let last = try #require(findings.last)
    let tail = try #require(last.split(separator: "\"").last)
    #expect(tail.contains("\(curves.count) tokens enter a top 3"))
    #expect(page.contains(String(tail)))
    #expect(page.contains("top 1 from layer"))
    #expect(page.contains(String(format: "%.3f", lastTop)))
    // measure: rank draws the ranks of two tokens at position 2 on a log axis, 1 at the top.
    let ranks = try #require(site.text("posts/lens/fig-2-trajectory.svg"))
    #expect(site.svgParses("posts/lens/fig-2-trajectory.svg"))
    #expect(ranks.contains(">rank (log)</text>"))
    #expect(
      ranks.split(separator: "\n").filter { $0.contains("stroke-width=\"2\" d=\"M") }.count == 2)
    let second = try #require(try site.json("posts/lens/fig-2-trajectory.json"))
    #expect(second["position"] as? Int == 2)
  }

  @Test func rejectsTopOutsideOneToSixAndAPositionPastThePrompt() throws {
    let request = LensRequest(
      analysis: .trajectory, model: "smollm2-135m", prompt: "Hi", options: ["top": .int(7)])
    #expect(throws: LensOptionError(key: "top", "top must be a whole number from 1 to 6, not 7")) {
      try TrajectoryRenderer().validate(request)
    }
    let norm = LensRequest(
      analysis: .trajectory, model: "smollm2-135m", prompt: "Hi",
      options: ["norm": .string("layer")])
    #expect(throws: LensOptionError(key: "norm", "norm must be one of final, none, not layer")) {
      try TrajectoryRenderer().validate(norm)
    }
    do {
      _ = try RendererSite(blocks: ["analysis: trajectory\nprompt: Hi there\nposition: 40"])
      Issue.record("a position past the prompt built")
    } catch let error as PublishError {
      #expect("\(error)".contains("position must be from 0 to"))
      #expect("\(error)".contains("not 40"))
    }
  }
}
