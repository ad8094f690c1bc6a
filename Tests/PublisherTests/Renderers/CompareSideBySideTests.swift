import Analysis
import Formatting
import Foundation
import Publisher
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `compare` with `of:` for every analysis that takes a prompt: the two panels are that
/// analysis run as its own blocks would run it, on SmolLM2 (two prompts) or on SmolLM2 and
/// Gemma 3 (one prompt, or patching's pair).
@Suite struct CompareSideBySideTests {
  /// An analysis' comparison block and the two standalone blocks it must agree with.
  struct Case: CustomTestStringConvertible, Sendable {
    let analysis: String
    /// The inner analysis' own options, one YAML `key: value` each.
    let options: [String]
    /// Whether the two sides are two models (one prompt, or none) instead of two prompts.
    let byModels: Bool
    var testDescription: String { analysis }

    static let prompts = ["The sky is", "The sea is"]

    var blocks: [String] {
      let inner = options.map { "\n" + $0 }.joined()
      let nested = options.isEmpty ? "" : "\noptions: {\(options.joined(separator: ", "))}"
      if byModels {
        let prompt = analysis == "patching" ? "" : "\nprompt: \(Self.prompts[0])"
        return [
          "analysis: compare\nof: \(analysis)\nmodels: [smollm2-135m, gemma3-270m]\(prompt)\(nested)",
          "analysis: \(analysis)\(prompt)\(inner)",
          "analysis: \(analysis)\nmodel: gemma3-270m\(prompt)\(inner)",
        ]
      }
      return [
        "analysis: compare\nof: \(analysis)\nprompts: [\(Self.prompts.joined(separator: ", "))]\(nested)",
        "analysis: \(analysis)\nprompt: \(Self.prompts[0])\(inner)",
        "analysis: \(analysis)\nprompt: \(Self.prompts[1])\(inner)",
      ]
    }
  }

  static let cases: [Case] = [
    Case(analysis: "predictions", options: ["top: 5"], byModels: false),
    Case(analysis: "logit-lens", options: [], byModels: false),
    Case(analysis: "trajectory", options: [], byModels: false),
    Case(analysis: "residual-change", options: [], byModels: false),
    Case(analysis: "attention", options: [], byModels: false),
    Case(analysis: "attention-sinks", options: [], byModels: true),
    Case(analysis: "massive-activations", options: [], byModels: false),
    Case(analysis: "dictionary", options: ["layer: 3"], byModels: false),
    Case(analysis: "memory-purge", options: [], byModels: false),
    Case(analysis: "ablation", options: [], byModels: false),
    Case(analysis: "patchscope", options: [], byModels: false),
    Case(
      analysis: "patching", options: ["prompts: [The opposite of hot is, The opposite of big is]"],
      byModels: true),
    Case(
      analysis: "steering", options: ["prompts: [Love, Hate]", "layer: 3", "tokens: 4"],
      byModels: false),
  ]

  /// Every analysis that reads a prompt has a case here.
  @Test func everyAnalysisWithAPromptHasACase() {
    let covered = Set(Self.cases.map(\.analysis))
    let withoutPrompt: Set<String> = ["capacity", "lens-quality", "compare"]
    let all = Set(LensRenderers.standard.available.map(\.rawValue))
    #expect(all.subtracting(withoutPrompt) == covered)
  }

  @Test(arguments: cases)
  func aComparisonShowsTheAnalysisAsItsOwnBlocksWould(_ test: Case) throws {
    let body = test.blocks.map { "```lens\n\($0)\n```\n" }.joined(separator: "\n")
    let site = try TestSite(
      files: ["posts/lens.md": TestSite.post(title: "Lens", extra: "model: smollm2-135m\n", body)])
    defer { site.remove() }
    try site.builder.build(BuildOptions())
    let files = try site.publicFiles()
    func json(_ name: String) throws -> Any {
      try JSONSerialization.jsonObject(with: try #require(files["posts/lens/\(name)"]))
    }
    let compare = try #require(try json("fig-1-compare.json") as? [String: Any])
    #expect(compare["of"] as? String == test.analysis)
    let runs = try #require(compare["runs"] as? [[String: Any]])
    #expect(runs.count == 2)
    // Each side's data is, number for number, the standalone block's data file.
    for (index, run) in runs.enumerated() {
      let standalone = try json("fig-\(index + 2)-\(test.analysis).json")
      let side = try #require(run["result"])
      #expect(
        NSDictionary(dictionary: ["r": side]).isEqual(to: ["r": standalone]),
        "side \(index + 1) differs from its own block")
    }
    // One model and prompts of one length: the grids subtract, B - A, cell by cell.
    let grids: [String: (Any) -> [[Double]]?] = [
      "ablation": { ($0 as? [String: Any])?["heads"].flatMap { $0 as? [[[String: Any]]] }?
        .map { $0.map { $0["effect"] as? Double ?? .nan } } },
      "residual-change": { ($0 as? [String: Any])?["steps"].flatMap { $0 as? [[[String: Any]]] }?
        .map { $0.map { $0["changePercent"] as? Double ?? .nan } } },
      "attention-sinks": { ($0 as? [String: Any])?["shares"] as? [[Double]] },
    ]
    if let grid = grids[test.analysis], !test.byModels {
      let a = try #require(grid(try json("fig-2-\(test.analysis).json")))
      let b = try #require(grid(try json("fig-3-\(test.analysis).json")))
      let difference = try #require(compare["difference"] as? [[Double]])
      let scale = test.analysis == "attention-sinks" ? 100.0 : 1.0
      #expect(difference.count == a.count && difference[0].count == a[0].count)
      for (row, values) in difference.enumerated() {
        for (column, value) in values.enumerated() {
          #expect(abs(value - (b[row][column] - a[row][column]) * scale) < 1e-9)
        }
      }
    } else {
      #expect(compare["difference"] == nil, "no difference view for \(test.analysis)")
    }
    let svg = try #require(files["posts/lens/fig-1-compare.svg"])
    #expect(XMLParser(data: svg).parse())
    let text = String(decoding: svg, as: UTF8.self)
    #expect(text.contains(">A: ") && text.contains(">B: "))
    // Both panels are the standalone figures' drawings (their own ids aside).
    for index in [2, 3] {
      let own = String(decoding: try #require(files["posts/lens/fig-\(index)-\(test.analysis).svg"]), as: UTF8.self)
      let title = try #require(own.split(separator: "\n").dropFirst().first)
      let shown = title.replacingOccurrences(of: #"id="[^"]*""#, with: "", options: .regularExpression)
      #expect(
        text.replacingOccurrences(of: #"id="[^"]*""#, with: "", options: .regularExpression)
          .contains(shown), "panel \(index - 1) has the title \(shown)")
    }
    let page = String(decoding: try #require(files["posts/lens/index.html"]), as: UTF8.self)
    #expect(page.contains("<p class=\"lens-finding\">A: "))
    // A figure that fits its scale to the data is drawn on one range for both; the others
    // have fixed scales (probabilities, shares) and are drawn as their own blocks are.
    let fitted: Set<String> = [
      "predictions", "trajectory", "residual-change", "massive-activations", "dictionary",
      "memory-purge", "ablation", "patching",
    ]
    #expect(
      text.contains("both drawn on one value range") == fitted.contains(test.analysis),
      "\(test.analysis)")
  }

  /// Two models' predictions on one axis: from 0 to the larger of their two top probabilities,
  /// so that equal bars mean equal probabilities.
  @Test func figuresFittedToTheirDataShareOneRange() throws {
    let site = try RendererSite(blocks: [
      "analysis: compare\nof: predictions\nmodels: [smollm2-135m, gemma3-270m]\n"
        + "prompt: I go to the basketball court to",
      "analysis: predictions\nprompt: I go to the basketball court to",
      "analysis: predictions\nmodel: gemma3-270m\nprompt: I go to the basketball court to",
    ])
    let tops = try [2, 3].map { index in
      let json = try #require(try site.json("posts/lens/fig-\(index)-predictions.json"))
      return try #require((json["top"] as? [[String: Any]])?.first?["probability"] as? Double)
    }
    let svg = try #require(site.text("posts/lens/fig-1-compare.svg"))
    #expect(svg.contains("both drawn on one value range, 0 to \(NumberText.significant(tops.max()!))"))
    // The same axis in both panels: the same tick labels, twice.
    let ticks = svg.matches(of: try Regex(#"text-anchor="middle">([0-9.]+)</text>"#))
      .map { String($0.output[1].substring ?? "") }
    #expect(ticks.count % 2 == 0 && ticks.count >= 4)
    #expect(Array(ticks.prefix(ticks.count / 2)) == Array(ticks.suffix(ticks.count / 2)), "\(ticks)")
  }

  /// SmolLM2's 30 layers and Gemma 3's 18 span one height, so that the rows at one relative
  /// depth are level: Gemma's rows are 30/18 times as tall.
  @Test func twoModelsOfDifferentDepthAlignTheirLayers() throws {
    let site = try RendererSite(blocks: [
      "analysis: compare\nof: attention-sinks\nmodels: [smollm2-135m, gemma3-270m]\n"
        + "prompt: The capital of France is"
    ])
    let svg = try #require(site.text("posts/lens/fig-1-compare.svg"))
    #expect(svg.contains("their layers aligned by relative depth"))
    // The cell rects of each panel: their heights.
    let heights = svg.matches(of: try Regex(##"<rect x="[0-9.]+" y="[0-9.]+" width="[0-9.]+" height="([0-9.]+)" fill="#"##))
      .map { Double($0.output[1].substring ?? "") ?? 0 }
    #expect(Set(heights) == [16, 27], "\(Set(heights))")
    #expect(heights.filter { $0 == 16 }.count == 30 * 9 && heights.filter { $0 == 27 }.count == 18 * 4)
    // The same for two logit lenses: 31 rows of 22 against 19 of 36 (22 x 31 / 19, rounded).
    let lenses = try RendererSite(blocks: [
      "analysis: compare\nof: logit-lens\nmodels: [smollm2-135m, gemma3-270m]\n"
        + "prompt: The capital of France is"
    ])
    let pair = try #require(lenses.text("posts/lens/fig-1-compare.svg"))
    let rows = pair.matches(of: try Regex(##"<rect x="[0-9.]+" y="[0-9.]+" width="64" height="([0-9.]+)" fill="#"##))
      .map { Double($0.output[1].substring ?? "") ?? 0 }
    #expect(Set(rows) == [22, 36], "\(Set(rows))")
    #expect(rows.filter { $0 == 22 }.count == 31 * 5 && rows.filter { $0 == 36 }.count == 19 * 6)
    // One model alone draws its rows at their own height.
    let single = try RendererSite(blocks: [
      "analysis: attention-sinks\nmodel: gemma3-270m\nprompt: The capital of France is"
    ])
    let own = try #require(single.text("posts/lens/fig-1-attention-sinks.svg"))
    #expect(!own.contains("height=\"27\" fill"))
  }

  @Test func badComparisonsAreClearErrors() {
    func message(_ options: [String: LensValue], prompt: String? = nil) -> String? {
      let request = LensRequest(
        analysis: .compare, model: "smollm2-135m", prompt: prompt, options: options)
      do {
        try CompareRenderer().validate(request)
        return nil
      } catch {
        return error.description
      }
    }
    let two: LensValue = .list([.string("The sky is"), .string("The sea is")])
    #expect(
      message(["of": .string("logit-lenz"), "prompts": two])?.contains(
        "of: 'logit-lenz' is not an analysis compare can run; use one of predictions, logit-lens")
        == true)
    #expect(message(["of": .string("compare"), "prompts": two])?.contains("is not an analysis") == true)
    #expect(
      message(["of": .string("predictions"), "prompts": two, "options": .map(["top": .int(99)])])
        == "predictions: top must be a whole number from 1 to 50, not 99")
    #expect(
      message(["of": .string("predictions"), "prompts": two, "options": .map(["tpo": .int(3)])])?
        .hasPrefix("predictions: unknown option 'tpo' for predictions") == true)
    #expect(
      message(["of": .string("predictions"), "prompts": two, "options": .string("top")])
        == "options must be a map of predictions's options, like {top: 5}; found top")
    #expect(
      message(["prompts": two, "options": .map(["top": .int(3)])])?.contains("add `of:`") == true)
    #expect(
      message(["of": .string("predictions"), "models": .list([.string("a"), .string("b")])])?
        .contains("needs a `prompt:`") == true)
  }
}
