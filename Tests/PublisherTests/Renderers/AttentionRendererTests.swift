import Analysis
import Foundation
import Publisher
import Testing

/// `attention` blocks end to end on SmolLM2: overview and pattern figures, data, finding, table,
/// options.
@Suite struct AttentionRendererTests {
  @Test func classifiesEveryHeadOfSmolLM2AndDrawsChosenPatterns() throws {
    let site = try RendererSite(blocks: [
      "analysis: attention\nprompt: The capital of France is Paris",
      "analysis: attention\nprompt: The capital of France is Paris\nheads: [L3H2, [10, 8]]",
      "analysis: attention\nprompt: The capital of France is Paris\nheads: [l0 h1]",
    ])
    #expect(site.files == site.secondFiles)
    for figure in 1...3 {
      #expect(site.svgParses("posts/lens/fig-\(figure)-attention.svg"))
    }
    let json = try #require(try site.json("posts/lens/fig-1-attention.json"))
    let heads = try #require(json["heads"] as? [[[String: Any]]])
    #expect(heads.count == 30 && heads.allSatisfy { $0.count == 9 })
    let counts = try #require(json["counts"] as? [String: Int])
    #expect(counts.values.reduce(0, +) == 270)
    // SmolLM2 leans on its first token: most heads are sink heads at the default threshold.
    #expect((counts["sink"] ?? 0) > 100)
    for head in heads.joined() {
      for key in ["sink", "previous", "selfScore", "entropy"] {
        let value = try #require(head[key] as? Double)
        #expect(value >= 0 && value <= 1.0001)
      }
    }
    let overview = try #require(site.text("posts/lens/fig-1-attention.svg"))
    #expect(overview.components(separatedBy: "<title>layer ").count - 1 == 270)
    #expect(overview.components(separatedBy: ">sink</text>").count - 1 == counts["sink"])
    let page = try #require(site.text("posts/lens/index.html"))
    #expect(page.contains("Of 270 heads: \(counts["sink"] ?? 0) sink, "))
    #expect(page.contains("strongest (score; entropy for diffuse)"))
    // Two heads: two panels of a causal 7 x 7 triangle (28 cells each) with weights in [0, 1].
    let chosen = try #require(try site.json("posts/lens/fig-2-attention.json"))
    let patterns = try #require(chosen["patterns"] as? [[String: Any]])
    #expect(patterns.map { $0["layer"] as? Int } == [3, 10])
    #expect(patterns.map { $0["head"] as? Int } == [2, 8])
    let tokens = try #require((patterns[0]["weights"] as? [[Double]])?.count)
    for pattern in patterns {
      let weights = try #require(pattern["weights"] as? [[Double]])
      #expect(weights.count == tokens && weights.allSatisfy { $0.count == tokens })
      for (query, row) in weights.enumerated() {
        #expect(abs(row.reduce(0, +) - 1) < 1e-3)
        #expect(row[(query + 1)...].allSatisfy { $0 == 0 })
      }
    }
    let panels = try #require(site.text("posts/lens/fig-2-attention.svg"))
    #expect(panels.contains(">L3H2") && panels.contains(">L10H8"))
    #expect(panels.components(separatedBy: "<rect x=").count - 1 >= 2 * tokens * (tokens + 1) / 2)
    // One head: a single heatmap with the prompt's tokens on its axes.
    let single = try #require(site.text("posts/lens/fig-3-attention.svg"))
    #expect(single.contains(">query</text>") && single.contains("France"))
  }

  @Test func rejectsHeadsItCannotReadOrTheModelDoesNotHave() throws {
    func request(_ heads: LensValue) -> LensRequest {
      LensRequest(
        analysis: .attention, model: "smollm2-135m", prompt: "Hi", options: ["heads": heads])
    }
    let hint =
      "heads must be a list of heads like [L3H2, L5H0] or [[3, 2], [5, 0]] (layer and head "
      + "numbers from 0), not "
    #expect(throws: LensOptionError(key: "heads", hint + "layer 3")) {
      try AttentionRenderer().validate(request(.list([.string("layer 3")])))
    }
    #expect(throws: LensOptionError(key: "heads", hint + "3")) {
      try AttentionRenderer().validate(request(.list([.int(3), .int(2)])))
    }
    #expect(throws: LensOptionError(key: "heads", hint + "[-1, 2]")) {
      try AttentionRenderer().validate(request(.list([.list([.int(-1), .int(2)])])))
    }
    let threshold = LensRequest(
      analysis: .attention, model: "smollm2-135m", prompt: "Hi",
      options: ["threshold": .double(2)])
    #expect(
      throws: LensOptionError(
        key: "threshold", "threshold must be a number from 0.0 to 1.0, not 2.0")
    ) {
      try AttentionRenderer().validate(threshold)
    }
    do {
      _ = try RendererSite(blocks: ["analysis: attention\nprompt: Hi there\nheads: [L30H0]"])
      Issue.record("a head past the model's last layer built")
    } catch let error as PublishError {
      #expect(
        "\(error)".contains(
          "head L30H0 is not in SmolLM2-135M-Instruct.Q4_1.gguf: it has layers 0 to 29 and "
            + "heads 0 to 8"))
    }
  }
}
