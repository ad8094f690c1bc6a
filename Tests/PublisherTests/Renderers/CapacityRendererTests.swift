import Analysis
import Foundation
import Publisher
import Testing

/// `capacity` blocks end to end on SmolLM2: recall curve, noise-floor marker, data, finding,
/// table, option errors.
@Suite struct CapacityRendererTests {
  @Test func drawsTheRecallCurveOfSmolLM2AgainstTheNoiseFloor() throws {
    let site = try RendererSite(blocks: [
      "analysis: capacity\nmax-k: 96\ntrials: 8",
      "analysis: capacity\nmode: both\nmax-k: 8\ntrials: 4\nseed: 7",
    ])
    #expect(site.files == site.secondFiles)
    #expect(site.svgParses("posts/lens/fig-1-capacity.svg"))
    #expect(site.svgParses("posts/lens/fig-2-capacity.svg"))
    let json = try #require(try site.json("posts/lens/fig-1-capacity.json"))
    let points = try #require(json["points"] as? [[String: Any]])
    #expect(
      points.compactMap { $0["k"] as? Int } == [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96])
    let recalls = points.compactMap { $0["recall"] as? Double }
    #expect(recalls.count == 13 && recalls.allSatisfy { $0 >= 0 && $0 <= 1 })
    // One word always reads back as itself; 96 words in 576 dimensions mostly do not.
    #expect(recalls[0] == 1 && recalls[12] < 0.9 && recalls[12] < recalls[4])
    #expect(json["width"] as? Int == 576)
    let estimate = try #require(json["wordEstimate"] as? Double)
    #expect(estimate > 50 && estimate < 70)
    let below90 = try #require(json["kBelow90"] as? Int)
    #expect(below90 > 1 && below90 <= 96)
    let svg = try #require(site.text("posts/lens/fig-1-capacity.svg"))
    #expect(svg.contains("1/F² ≈ " + String(format: "%.0f", estimate)))
    let page = try #require(site.text("posts/lens/index.html"))
    #expect(page.contains("1/F² = " + String(format: "%.1f", estimate) + " words"))
    #expect(page.contains(String(format: "%.3f", recalls[12])))
    let both = try #require(try site.json("posts/lens/fig-2-capacity.json"))
    let pairs = try #require(both["points"] as? [[String: Any]])
    #expect(pairs.count == 6 && pairs.allSatisfy { $0["outputRecall"] is Double })
    #expect((both["findings"] as? [String])?.count == 3)
  }

  @Test func rejectsAPromptAndBadOptions() {
    func request(_ options: [String: LensValue], prompt: String? = nil) -> LensRequest {
      LensRequest(analysis: .capacity, model: "smollm2-135m", prompt: prompt, options: options)
    }
    let renderer = CapacityRenderer()
    #expect(throws: Never.self) { try renderer.validate(request([:])) }
    #expect(
      throws: LensOptionError(
        key: "prompt",
        "capacity is a property of the model and reads no prompt; remove `prompt:` from the block")
    ) { try renderer.validate(request([:], prompt: "Hi")) }
    #expect(
      throws: LensOptionError(key: "max-k", "max-k must be a whole number from 1 to 4096, not 0")
    ) { try renderer.validate(request(["max-k": .int(0)])) }
    #expect(throws: LensOptionError.self) {
      try renderer.validate(request(["mode": .string("both"), "dictionary": .string("input")]))
    }
    #expect(throws: LensOptionError.self) { try renderer.validate(request(["bos": .bool(true)])) }
    #expect(throws: LensOptionError.self) { try renderer.validate(request(["k": .int(3)])) }
  }
}
