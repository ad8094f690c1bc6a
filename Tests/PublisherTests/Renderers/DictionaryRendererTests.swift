import Analysis
import Engine
import Foundation
import Publisher
import Testing

/// `dictionary` blocks end to end on SmolLM2: a word's input vector and two residuals read
/// through the dictionaries, data, finding, table, option errors.
@Suite struct DictionaryRendererTests {
  @Test func readsAWordAndResidualsOfSmolLM2() throws {
    let site = try RendererSite(blocks: [
      "analysis: dictionary\nword: \" to\"\ntop: 5",
      "analysis: dictionary\nprompt: I go to the\nlayer: 0\nposition: 2\ndictionary: input",
      "analysis: dictionary\nprompt: I go to the\nlayer: 20\ntop: 8",
    ])
    #expect(site.files == site.secondFiles)
    for figure in 1...3 {
      #expect(site.svgParses("posts/lens/fig-\(figure)-dictionary.svg"))
    }
    // One bar per entry.
    let bars = site.text("posts/lens/fig-1-dictionary.svg")?.split(separator: "\n")
      .filter { $0.hasPrefix("<rect class=\"f0\"") }
    #expect(bars?.count == 5)
    // SmolLM2's U is its E (tied): the input vector of "␣to" read with U is "␣to" itself.
    let word = try #require(try site.json("posts/lens/fig-1-dictionary.json"))
    let top = try #require(word["top"] as? [[String: Any]])
    #expect(top.count == 5)
    #expect(top[0]["text"] as? String == "␣to")
    let first = try #require(top[0]["amplitude"] as? Double)
    #expect(abs(first - 1) < 1e-4)
    let amplitudes = top.compactMap { $0["amplitude"] as? Double }
    #expect(amplitudes == amplitudes.sorted(by: >) && amplitudes[1] < 0.9 && amplitudes[4] > 0)
    #expect(word["isTied"] as? Bool == true && word["meanRowCosine"] as? Double == 1)
    #expect(word["query"] as? String == "the input vector of \"␣to\"")
    // The embedding at position 2 of "I␣go␣to␣the" (SmolLM2 adds no BOS) is the E row of "␣to".
    let embedding = try #require(try site.json("posts/lens/fig-2-dictionary.json"))
    let embedded = try #require(embedding["top"] as? [[String: Any]])
    #expect(embedded.count == 10 && embedded[0]["text"] as? String == "␣to")
    #expect(abs((embedded[0]["amplitude"] as? Double ?? 0) - 1) < 1e-4)
    let residual = try #require(try site.json("posts/lens/fig-3-dictionary.json"))
    #expect(
      residual["query"] as? String == "the residual after layer 20 at position 3 (\"␣the\")")
    let read = try #require(residual["top"] as? [[String: Any]])
    let values = read.compactMap { $0["amplitude"] as? Double }
    #expect(values.count == 8 && values == values.sorted(by: >))
    #expect(values.allSatisfy { $0 > 0 && $0 < 0.9 })
    let page = try #require(site.text("posts/lens/index.html"))
    #expect(page.contains("E and U are the same matrix (tied), so the word's own row reads back"))
    #expect(page.contains("so reading the residual with the other dictionary gives the same list"))
    #expect(page.contains(String(format: "%.3f", values[0])))
  }

  @Test func rejectsBlocksWithoutOneClearSource() {
    func request(_ options: [String: LensValue], prompt: String? = nil) -> LensRequest {
      LensRequest(analysis: .dictionary, model: "smollm2-135m", prompt: prompt, options: options)
    }
    let renderer = DictionaryRenderer()
    let none =
      "dictionary needs a vector to read: `word: to` (or `token: ID`), or a `prompt:` "
      + "with `layer:` and `position:` for a residual"
    #expect(throws: LensOptionError(none)) { try renderer.validate(request([:])) }
    #expect(throws: LensOptionError(key: "token", "give either `word:` or `token:`, not both")) {
      try renderer.validate(request(["word": .string("to"), "token": .int(5)]))
    }
    #expect(throws: LensOptionError.self) {
      try renderer.validate(request(["word": .string("to"), "layer": .int(3)]))
    }
    #expect(throws: LensOptionError.self) {
      try renderer.validate(request(["vector": .string("output")], prompt: "Hi"))
    }
    #expect(throws: LensOptionError.self) {
      try renderer.validate(request(["word": .string("to"), "dictionary": .string("both")]))
    }
    #expect(throws: Never.self) {
      try renderer.validate(request(["word": .string("to"), "vector": .string("output")]))
      try renderer.validate(request(["layer": .int(3), "top": .int(20)], prompt: "Hi"))
    }
  }

  @Test func aWordOfTwoTokensFailsTheBuildAtItsLine() throws {
    let post = TestSite.post(
      title: "Lens", extra: "model: smollm2-135m\n",
      "```lens\nanalysis: dictionary\nword: basketballs\n```\n")
    let site = try TestSite(files: ["posts/lens.md": post])
    defer { site.remove() }
    let options = BuildOptions(renderers: .standard)
    do {
      try site.builder.build(options)
      Issue.record("built a block whose word is several tokens")
    } catch {
      guard case .sourceErrors(let errors) = error else { throw error }
      #expect(errors.count == 1)
      #expect(errors[0].message.hasPrefix("word 'basketballs' is "))
      #expect(errors[0].message.contains("give a word that is one token"))
    }
  }
}
