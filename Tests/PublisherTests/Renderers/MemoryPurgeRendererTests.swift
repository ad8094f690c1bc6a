import Analysis
import Engine
import Foundation
import Publisher
import Testing

/// `memory-purge` blocks end to end on SmolLM2: three curves over the layers, data, finding,
/// table, errors.
@Suite struct MemoryPurgeRendererTests {
  @Test func drawsInputAndOutputAmplitudesOfEveryLayerOfSmolLM2() throws {
    let site = try RendererSite(blocks: [
      "analysis: memory-purge\nprompt: I go to the basketball court to"
    ])
    #expect(site.files == site.secondFiles)
    #expect(site.svgParses("posts/lens/fig-1-memory-purge.svg"))
    let json = try #require(try site.json("posts/lens/fig-1-memory-purge.json"))
    let layers = try #require(json["layers"] as? [[String: Double]])
    #expect(layers.count == 31)
    let own = layers.compactMap { $0["ownInput"] }
    let prompt = layers.compactMap { $0["promptInput"] }
    let output = layers.compactMap { $0["output"] }
    #expect(own.count == 31 && prompt.count == 31 && output.count == 31)
    // Layer 0 is the embedding: each position is exactly its own input word.
    #expect(abs(own[0] - 1) < 1e-4)
    #expect(zip(own, prompt).allSatisfy { $0 <= $1 + 1e-9 })
    #expect((own + prompt + output).allSatisfy { $0 >= -1 && $0 <= 1 })
    // The blocks move the residual away from its input word.
    #expect(own[30] < 0.5)
    let peak = try #require(json["outputPeakLayer"] as? Int)
    #expect(peak >= 1 && peak <= 30)
    let svg = try #require(site.text("posts/lens/fig-1-memory-purge.svg"))
    #expect(svg.contains("top-1 output word"))
    #expect(svg.contains(">output peak</text>"))
    let page = try #require(site.text("posts/lens/index.html"))
    #expect(page.contains("input vector is"))
    #expect(page.contains(String(format: "%.3f", output[30])))
  }

  @Test func aOneTokenPromptFailsTheBuildAtItsBlock() throws {
    let post = TestSite.post(
      title: "Lens", extra: "model: smollm2-135m\n",
      "```lens\nanalysis: memory-purge\nprompt: Hi\n```\n")
    let site = try TestSite(files: ["posts/lens.md": post])
    defer { site.remove() }
    let options = BuildOptions(renderers: .standard)
    do {
      try site.builder.build(options)
      Issue.record("built memory-purge on a one-token prompt")
    } catch {
      guard case .sourceErrors(let errors) = error else { throw error }
      #expect(errors.count == 1)
      #expect(errors[0].message.hasPrefix("memory-purge needs a prompt of at least 2 tokens"))
    }
    let unknown = LensRequest(
      analysis: .memoryPurge, model: "smollm2-135m", prompt: "Hi", options: ["top": .int(3)])
    #expect(
      throws: LensOptionError(key: "top", "unknown option 'top' for memory-purge (allowed: bos)")
    ) { try MemoryPurgeRenderer().validate(unknown) }
  }
}
