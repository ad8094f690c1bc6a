import Analysis
import Engine
import Foundation
import Publisher
import Testing

/// A new analysis needs its renderer and a place in the registry, nothing else: this one is
/// defined here, outside lenscribe, through the protocol alone (options, result, run, draw), and
/// builds into a page and a report.
@Suite struct NewAnalysisTests {
  /// `analysis: token-count`: how many tokens the prompt has, as one bar.
  struct TokenCountRenderer: LensRenderer {
    let analysis: AnalysisKind = "token-count"
    let reportSection: ReportSection? = ReportSection(
      heading: "Counting tokens", intro: "How the tokenizer cuts the prompt.",
      caption: "The prompt's tokens.", summary: "How many tokens the prompt has")

    /// The prompt's token count: all `draw` needs.
    struct Count: Codable { var tokens: Int }

    func run(_ block: LensInput<NoLensOptions>, in environment: LensEnvironment) throws -> Count {
      let model = try environment.model(block.request.model)
      let tokenizer = try Tokenizer(file: GGUFFile(path: model.path))
      return Count(tokens: tokenizer.encode(block.prompt, bos: block.bos).count)
    }

    func draw(_ result: Count, for block: LensInput<NoLensOptions>, in context: FigureContext)
      throws -> LensFigure
    {
      let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 20\">"
        + "<rect id=\"\(context.idPrefix)-bar\" width=\"\(result.tokens)\" height=\"20\"/></svg>\n"
      return LensFigure(
        svg: svg, data: try CanonicalJSON.string(result), alt: "One bar, \(result.tokens) long.",
        finding: "The prompt is \(result.tokens) tokens long.")
    }
  }

  static var registry: LensRenderers {
    LensRenderers(LensRenderers.standard.all + [TokenCountRenderer()])
  }

  @Test func itBuildsIntoAPage() throws {
    let site = try TestSite(files: [
      "posts/count.md": TestSite.post(
        "```lens\nanalysis: token-count\nprompt: I go to the basketball court to\n```\n")
    ])
    defer { site.remove() }
    let options = BuildOptions(renderers: Self.registry)
    let report = try site.builder.build(options)
    #expect(report.ranCount == 1)
    // SmolLM2 adds no BOS; the prompt is 7 byte-level BPE tokens.
    #expect(try site.built("posts/count/index.html").contains("The prompt is 7 tokens long."))
    #expect(
      try site.built("posts/count/fig-1-token-count.json")
        == CanonicalJSON.string(TokenCountRenderer.Count(tokens: 7)))
  }

  @Test func theRegistrySaysWhatExistsAndWhatNeedsAPrompt() throws {
    let site = try TestSite(files: [
      "posts/bad.md": TestSite.post(
        "```lens\nanalysis: token-count\n```\n\n```lens\nanalysis: token-counts\nprompt: Hi\n```\n"
          + "\n```lens\nprompt: Hi\n```\n")
    ])
    defer { site.remove() }
    let options = BuildOptions(renderers: Self.registry)
    #expect(
      throws: PublishError.sourceErrors([
        SourceError(
          file: "posts/bad.md", line: 6,
          message: "analysis 'token-count' needs a `prompt:` (the text to run through the model)"),
        SourceError(
          file: "posts/bad.md", line: 11,
          message: "unknown analysis 'token-counts' (known: predictions, logit-lens, lens-quality, "
            + "trajectory, "
            + "residual-change, attention, attention-sinks, massive-activations, dictionary, "
            + "memory-purge, capacity, compare, patching, ablation, patchscope, steering, "
            + "token-count)"),
        // The list is the build's registry, with the analysis the test added.
        SourceError(
          file: "posts/bad.md", line: 15,
          message: "the lens block lacks `analysis:` (one of predictions, logit-lens, "
            + "lens-quality, trajectory, "
            + "residual-change, attention, attention-sinks, massive-activations, dictionary, "
            + "memory-purge, capacity, compare, patching, ablation, patchscope, steering, "
            + "token-count)"),
      ])
    ) {
      try site.builder.build(options)
    }
  }

  @Test func aReportGivesItASection() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("lenscribe-report-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let options = BuildOptions(renderers: LensRenderers([TokenCountRenderer()]))
    let outcome = try ReportWriter(
      prompt: "Hello there", model: "smollm2-135m", folder: folder,
      date: PostDate("2024-05-01")!, options: options
    ).write()
    #expect(outcome.analyses == ["token-count"])
    let source = try String(contentsOf: outcome.source, encoding: .utf8)
    #expect(source.contains("## Counting tokens"))
    #expect(source.contains("- How many tokens the prompt has ([@fig:token-count])"))
  }
}
