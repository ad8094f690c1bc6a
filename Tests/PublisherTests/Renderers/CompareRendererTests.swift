import Analysis
import Foundation
import Publisher
import Testing

/// `compare` blocks end to end: two prompts on SmolLM2, one prompt on SmolLM2 and Gemma 3.
@Suite struct CompareRendererTests {
  @Test func comparesTwoPromptsOnSmolLM2() throws {
    let site = try RendererSite(blocks: [
      "analysis: compare\nprompts: [The capital of France is, The capital of Italy is]"
    ])
    #expect(site.files == site.secondFiles)
    #expect(site.svgParses("posts/lens/fig-1-compare.svg"))
    let svg = try #require(site.text("posts/lens/fig-1-compare.svg"))
    #expect(svg.contains("Logit-lens agreement") && svg.contains("Median change per block"))
    let json = try #require(try site.json("posts/lens/fig-1-compare.json"))
    let comparison = try #require(json["comparison"] as? [String: Any])
    // Both prompts have five tokens on SmolLM2 (no BOS); 30 layers plus the embedding.
    #expect(comparison["alignedPositions"] as? Int == 5)
    let agreement = try #require(comparison["lensAgreement"] as? [Double])
    #expect(agreement.count == 31 && agreement.allSatisfy { (0...1).contains($0) })
    // The first four tokens are the same in both prompts, so the embedding layer's guesses
    // agree at least there; the last layer's guesses at "France"/"Italy" may differ.
    #expect(agreement[0] >= 0.8)
    let differences = try #require(comparison["changeDifference"] as? [Double])
    #expect(differences.count == 30)
    let left = try #require(json["leftMedianChangePercent"] as? [Double])
    let right = try #require(json["rightMedianChangePercent"] as? [Double])
    #expect(left.count == 30 && right.count == 30 && left.allSatisfy { $0 > 0 })
    #expect(abs(differences[10] - (left[10] - right[10])) < 1e-9)
    let leftSide = try #require(comparison["left"] as? [String: Any])
    #expect(leftSide["name"] as? String == "\"The capital of France is\"")
    let findings = try #require(comparison["findings"] as? [String])
    #expect(findings.count == 3 && findings[1].contains("agree"))
    let page = try #require(site.text("posts/lens/index.html"))
    #expect(page.contains("middle median change %"))
    #expect(page.contains(findings[0].prefix(40).replacingOccurrences(of: "\"", with: "&quot;")))
  }

  @Test func comparesSmolLM2WithGemma3OnOnePrompt() throws {
    let site = try RendererSite(blocks: [
      "analysis: compare\nprompt: The sky is\nmodels: [smollm2-135m, gemma3-270m]"
    ])
    #expect(site.files == site.secondFiles)
    let json = try #require(try site.json("posts/lens/fig-1-compare.json"))
    let comparison = try #require(json["comparison"] as? [String: Any])
    // 30 SmolLM2 layers against 18 Gemma layers: agreement per left layer, change per left block.
    #expect((comparison["lensAgreement"] as? [Double])?.count == 31)
    #expect((json["rightMedianChangePercent"] as? [Double])?.count == 18)
    // "The sky is" is three tokens on SmolLM2 and four (with BOS) on Gemma 3.
    #expect(comparison["alignedPositions"] as? Int == 3)
    let right = try #require(comparison["right"] as? [String: Any])
    #expect(right["name"] as? String == "gemma-3-270m-q4_k_m")
    let page = try #require(site.text("posts/lens/index.html"))
    #expect(page.contains("SmolLM2-135M-Instruct.Q4_1"))
  }

  @Test func rejectsBlocksThatAreNotTwoRuns() {
    func request(_ prompt: String?, _ options: [String: LensValue]) -> LensRequest {
      LensRequest(analysis: .compare, model: "smollm2-135m", prompt: prompt, options: options)
    }
    let renderer = CompareRenderer()
    let bad: [LensRequest] = [
      request(nil, [:]),
      request(nil, ["prompts": .list([.string("A")])]),
      request(nil, ["prompts": .list([.string("A"), .string("A")])]),
      request("A", ["prompts": .list([.string("A"), .string("B")])]),
      request(nil, ["models": .list([.string("smollm2-135m"), .string("gemma3-270m")])]),
      request("A", ["models": .string("smollm2-135m")]),
      request("A", ["models": .list([.string("a"), .string("b")]), "top": .int(3)]),
    ]
    for item in bad {
      #expect(throws: LensOptionError.self) { try renderer.validate(item) }
    }
    let twoModels = request(
      "A", ["models": .list([.string("smollm2-135m"), .string("gemma3-270m")])])
    #expect(throws: Never.self) { try renderer.validate(twoModels) }
    #expect(renderer.modelNames(for: twoModels) == ["smollm2-135m", "gemma3-270m"])
    let twoPrompts = request(nil, ["prompts": .list([.string("A"), .string("B")])])
    #expect(renderer.modelNames(for: twoPrompts) == ["smollm2-135m"])
  }
}
