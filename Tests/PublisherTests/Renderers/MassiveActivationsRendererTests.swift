import Analysis
import Foundation
import Publisher
import Testing

/// `massive-activations` blocks end to end on SmolLM2: chart, data, finding, the other prompts.
@Suite struct MassiveActivationsRendererTests {
  @Test func findsDimension507AgainInTheOtherPrompts() throws {
    let site = try RendererSite(blocks: [
      "analysis: massive-activations\nprompt: I go to the basketball court to\n"
        + "other-prompts: [\"The capital of France is Paris, and\", "
        + "\"Once upon a time, there was a little girl who\"]"
    ])
    #expect(site.files == site.secondFiles)
    #expect(site.svgParses("posts/lens/fig-1-massive-activations.svg"))
    let json = try #require(try site.json("posts/lens/fig-1-massive-activations.json"))
    #expect(json["otherPrompts"] as? Int == 2)
    #expect(json["recurrence"] as? [Int] == [2])
    let page = try #require(site.text("posts/lens/index.html"))
    #expect(page.contains("first appear at layer 12: dimension 507 at position 0"))
    #expect(page.contains("Of 2 other prompts, every one has dimension 507 massive too."))
    #expect(page.contains("<td>2 of 2</td>"))
  }

  @Test func rejectsAnEmptyListOfOtherPrompts() {
    let request = LensRequest(
      analysis: .massiveActivations, model: "smollm2-135m", prompt: "Hi",
      options: ["other-prompts": .list([])])
    #expect(
      throws: LensOptionError(
        key: "other-prompts", "other-prompts must be a list of 1 to 8 non-empty prompts")
    ) { try MassiveActivationsRenderer().validate(request) }
  }
}
