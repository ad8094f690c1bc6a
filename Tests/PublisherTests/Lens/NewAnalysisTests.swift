import Analysis
import Engine
import Foundation
import Publisher
import Testing

/// A new analysis needs its renderer and a place in the registry, nothing else: this one is
/// defined here, outside lenscribe, and builds into a page and a report.
@Suite struct NewAnalysisTests {
  /// `analysis: token-count`: how many tokens the prompt has, as one bar.
  struct TokenCountRenderer: LensRenderer {
    let analysis: AnalysisKind = "token-count"
    let reportSection: ReportSection? = ReportSection(
      heading: "Counting tokens", intro: "How the tokenizer cuts the prompt.",
      caption: "The prompt's tokens.", summary: "How many tokens the prompt has")

    func validate(_ request: LensRequest) throws(LensOptionError) {
      if let key = request.options.keys.sorted().first {
        throw LensOptionError(key: key, "token-count takes no options")
      }
    }

    func render(_ request: LensRequest, in environment: LensEnvironment) throws -> LensFigure {
      let model = try environment.model(request.model)
      let tokenizer = try Tokenizer(file: GGUFFile(path: model.path))
      let count = tokenizer.encode(request.prompt ?? "", addBOS: tokenizer.addsBOSByDefault).count
      let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 20\">"
        + "<rect id=\"\(environment.idPrefix)-bar\" width=\"\(count)\" height=\"20\"/></svg>\n"
      return LensFigure(
        svg: svg, data: "{\n  \"tokens\": \(count)\n}\n", alt: "One bar, \(count) long.",
        finding: "The prompt is \(count) tokens long.")
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
    #expect(try site.built("posts/count/fig-1-token-count.json") == "{\n  \"tokens\": 7\n}\n")
  }

  @Test func theRegistrySaysWhatExistsAndWhatNeedsAPrompt() throws {
    let site = try TestSite(files: [
      "posts/bad.md": TestSite.post(
        "```lens\nanalysis: token-count\n```\n\n```lens\nanalysis: token-counts\nprompt: Hi\n```\n")
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
          message: "unknown analysis 'token-counts' (known: predictions, logit-lens, trajectory, "
            + "residual-change, attention, attention-sinks, dictionary, memory-purge, capacity, "
            + "compare, token-count)"),
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
