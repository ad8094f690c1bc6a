import Analysis
import Engine
import Foundation
import Publisher
import Registry
import Testing

/// Whole builds on the real models through the test renderer: output layout, determinism,
/// caching, and that a failed build leaves the last good site alone.
@Suite struct SiteBuilderTests {
  static let posts = [
    "posts/shape.md": TestSite.post(
      title: "Shape", date: "2024-05-01",
      """
      The model has a shape ([@fig:small]).

      ```lens
      analysis: capacity
      label: small
      ```

      ```lens
      analysis: predictions
      prompt: I go to the basketball court to
      model: gemma3-270m
      bars: 1
      ```
      """),
    "posts/later.md": TestSite.post(title: "Later", date: "2024-06-01", "Plain words.\n"),
    "posts/wip.md": TestSite.post(
      title: "Unfinished", date: "2024-07-01", extra: "draft: true\n", "Soon.\n"),
  ]

  static func options(
    _ counter: ModelFactsRenderer.Counter, force: Bool = false, drafts: Bool = false
  ) -> BuildOptions {
    BuildOptions(
      drafts: drafts, force: force,
      renderers: LensRenderers([
        ModelFactsRenderer(.capacity, counter: counter),
        ModelFactsRenderer(.predictions, counter: counter),
      ]))
  }

  @Test func writesTheLayoutOfDesignMD() throws {
    let site = try TestSite(files: Self.posts)
    defer { site.remove() }
    let counter = ModelFactsRenderer.Counter()
    let report = try site.builder.build(Self.options(counter))
    #expect(
      try site.publicFiles().keys.sorted() == [
        ".nojekyll", "404.html", "feed.xml", "index.html", "lens.js", "posts/later/index.html",
        "posts/later/index.md",
        "posts/shape/fig-1-capacity.json", "posts/shape/fig-1-capacity.svg",
        "posts/shape/fig-2-predictions.json",
        "posts/shape/fig-2-predictions.svg", "posts/shape/index.html", "posts/shape/index.md",
        "style.css",
      ])
    #expect(report.posts == ["later", "shape"])
    #expect(report.ranCount == 2)
    #expect(counter.renders == 2)
    #expect(counter.loads == 2)
    let shape = try site.built("posts/shape/index.html")
    #expect(shape.contains("gemma-3-270m-q4_k_m.gguf has 18 layers of width 640"))
    #expect(shape.contains("Prompt: I go to the basketball court to."))
    #expect(
      shape.contains(RegistryModel.gemma3.sha256) && shape.contains(RegistryModel.smollm2.sha256))
    #expect(try site.built("posts/shape/fig-2-predictions.json") == "{\n  \"layers\": 18\n}\n")
    let index = try site.built("index.html")
    let later = try #require(index.range(of: "href=\"posts/later/\""))
    let earlier = try #require(index.range(of: "href=\"posts/shape/\""))
    #expect(later.lowerBound < earlier.lowerBound)
    #expect(!index.contains("Unfinished"))
    #expect(try site.built("feed.xml").contains("<updated>2024-06-01T00:00:00Z</updated>"))
    #expect(try site.builder.check().isEmpty)
  }

  @Test func buildingTwiceInTwoFoldersGivesTheSameBytes() throws {
    let first = try TestSite(files: Self.posts)
    let second = try TestSite(files: Self.posts)
    defer {
      first.remove()
      second.remove()
    }
    try first.builder.build(Self.options(.init()))
    try second.builder.build(Self.options(.init()))
    let a = try first.publicFiles()
    let b = try second.publicFiles()
    #expect(a.count == 14)
    #expect(a == b)
    for (path, data) in a
    where path.hasSuffix(".html") || path.hasSuffix(".md") || path.hasSuffix(".xml") {
      let text = String(decoding: data, as: UTF8.self)
      #expect(!text.contains(first.folder.path), "\(path) names the site folder")
      #expect(!text.contains("\r"), "\(path) has CR")
      #expect(text.hasSuffix("\n"), "\(path) lacks a final newline")
    }
  }

  @Test func anUnchangedSiteRunsNothingTheSecondTime() throws {
    let site = try TestSite(files: Self.posts)
    defer { site.remove() }
    try site.builder.build(Self.options(.init()))
    let before = try site.publicFiles()
    let counter = ModelFactsRenderer.Counter()
    let report = try site.builder.build(Self.options(counter))
    #expect(counter.renders == 0)
    #expect(counter.loads == 0)
    #expect(report.reusedCount == 2)
    #expect(
      report.blocks.map(\.description).allSatisfy { $0.contains("reused (unchanged; cache entry") })
    #expect(try site.publicFiles() == before)

    let forced = ModelFactsRenderer.Counter()
    let again = try site.builder.build(Self.options(forced, force: true))
    #expect(forced.renders == 2)
    #expect(
      again.blocks.map(\.description) == [
        "posts/shape.md:8: capacity ran (--force)", "posts/shape.md:13: predictions ran (--force)",
      ])
  }

  /// A figure drawn by other code is never served: figures are drawn afresh on every build, so
  /// new drawing code shows even where the cached result is reused (here acted out by a
  /// renderer whose drawing changed under the same code identity), and a result made by other
  /// code (`CodeIdentity`, the executable's digest) is not reused at all.
  @Test func aStaleCachedFigureIsNotServedAfterTheCodeChanges() throws {
    let site = try TestSite(files: Self.posts)
    defer { site.remove() }
    let counter = ModelFactsRenderer.Counter()
    func options(stamp: String, code: String) -> BuildOptions {
      var options = Self.options(.init())
      options.renderers = LensRenderers([
        ModelFactsRenderer(.capacity, counter: counter, stamp: stamp),
        ModelFactsRenderer(.predictions, counter: counter, stamp: stamp),
      ])
      options.codeIdentity = code
      return options
    }
    let (a, b) = (String(repeating: "a", count: 64), String(repeating: "b", count: 64))
    try site.builder.build(options(stamp: " Old drawing.", code: a))
    #expect(try site.built("posts/shape/index.html").contains("Old drawing."))
    #expect(counter.renders == 2)
    // The same code identity reuses the results (the analyses do not run again)...
    let same = try site.builder.build(options(stamp: " New drawing.", code: a))
    #expect(same.reusedCount == 2 && counter.renders == 2)
    // ...and still publishes the new drawing, in the page and in the figure's files.
    let redrawn = try site.built("posts/shape/index.html")
    #expect(redrawn.contains("New drawing.") && !redrawn.contains("Old drawing."))
    // New code never reuses a result.
    let changed = try site.builder.build(options(stamp: " New drawing.", code: b))
    #expect(changed.ranCount == 2 && counter.renders == 4)
    #expect(
      changed.blocks[0].description
        == "posts/shape.md:8: capacity ran (changed: lenscribe's code (aaaaaaaaaaaa → bbbbbbbbbbbb))")
  }

  /// A result is stored once; every build draws its figure from the stored form, so a figure
  /// drawn from the cache is the figure of a fresh run, byte for byte.
  @Test func aReusedResultDrawsTheSameFigureAsAFreshRun() throws {
    let site = try TestSite(files: [
      "posts/next.md": TestSite.post(
        "```lens\nanalysis: predictions\nprompt: The capital of France is\n```\n\n"
          + "```lens\nanalysis: residual-change\nprompt: The capital of France is\n```\n")
    ])
    defer { site.remove() }
    let first = try site.builder.build(BuildOptions())
    #expect(first.ranCount == 2)
    let fresh = try site.publicFiles()
    let again = try site.builder.build(BuildOptions())
    #expect(again.reusedCount == 2)
    #expect(try site.publicFiles() == fresh)
  }

  @Test func explainSaysWhatChanged() throws {
    let site = try TestSite(files: Self.posts)
    defer { site.remove() }
    let first = try site.builder.build(Self.options(.init()))
    #expect(
      first.blocks.map(\.description) == [
        "posts/shape.md:8: capacity ran (new block, no cached result)",
        "posts/shape.md:13: predictions ran (new block, no cached result)",
      ])
    try site.write(
      "posts/shape.md",
      Self.posts["posts/shape.md"]!.replacingOccurrences(of: "court to", with: "court and")
        .replacingOccurrences(of: "bars: 1", with: "bars: 2"))
    let counter = ModelFactsRenderer.Counter()
    let second = try site.builder.build(Self.options(counter))
    #expect(counter.renders == 1)
    #expect(second.blocks[0].description.hasPrefix("posts/shape.md:8: capacity reused"))
    #expect(
      second.blocks[1].description
        == "posts/shape.md:13: predictions ran (changed: the prompt, option 'bars')")
    #expect(
      try site.built("posts/shape/fig-2-predictions.json")
        == "{\n  \"layers\": 18,\n  \"width\": 640\n}\n")
  }

  @Test func aBrokenBlockLeavesThePreviousSiteUntouched() throws {
    let site = try TestSite(files: Self.posts)
    defer { site.remove() }
    try site.builder.build(Self.options(.init()))
    let before = try site.publicFiles()
    try site.write(
      "posts/later.md", TestSite.post(title: "Later", "```lens\nanalysis: capacity\nbars: 7\n```\n")
    )
    #expect(
      throws: PublishError.sourceErrors([
        SourceError(file: "posts/later.md", line: 8, message: "bars must be 1, 2 or 3, not 7")
      ])
    ) {
      try site.builder.build(Self.options(.init()))
    }
    #expect(try site.publicFiles() == before)

    try site.write("posts/later.md", TestSite.post(title: "Later", "A [dead link](gone.md).\n"))
    #expect(
      throws: PublishError.brokenLinks([
        LinkProblem(
          page: "posts/later/index.html", link: "../gone/",
          reason: "the site has no posts/gone/index.html")
      ])
    ) {
      try site.builder.build(Self.options(.init()))
    }
    #expect(try site.publicFiles() == before)
  }

  @Test func filesNoLongerProducedDisappear() throws {
    let site = try TestSite(files: Self.posts)
    defer { site.remove() }
    try site.builder.build(Self.options(.init()))
    try FileManager.default.removeItem(at: site.folder.appendingPathComponent("posts/shape.md"))
    try site.builder.build(Self.options(.init()))
    #expect(
      try site.publicFiles().keys.sorted() == [
        ".nojekyll", "404.html", "feed.xml", "index.html", "lens.js", "posts/later/index.html",
        "posts/later/index.md",
        "style.css",
      ])
  }

  @Test func draftsAreBuiltOnlyWhenAskedFor() throws {
    let site = try TestSite(files: Self.posts)
    defer { site.remove() }
    let (plain, _) = try site.builder.tree(Self.options(.init()))
    #expect(!plain.contains("posts/wip/index.html"))
    #expect(!(plain.text("feed.xml") ?? "").contains("Unfinished"))
    let (drafts, report) = try site.builder.tree(Self.options(.init(), drafts: true))
    #expect(report.posts == ["wip", "later", "shape"])
    #expect(
      drafts.text("posts/wip/index.html")?.contains("<span class=\"post-draft\">Draft</span>")
        == true)
    #expect(drafts.text("index.html")?.contains("href=\"posts/wip/\"") == true)
  }

  @Test func theRealBuildRefusesMissingAnalysesAndUnknownOptions() throws {
    let site = try TestSite(files: Self.posts)
    defer { site.remove() }
    let bars = SourceError(
      file: "posts/shape.md", line: 17,
      message: "unknown option 'bars' for predictions (allowed: bos, position, top)")
    let options = BuildOptions(renderers: LensRenderers([PredictionsRenderer()]))
    #expect(
      throws: PublishError.sourceErrors([
        SourceError(
          file: "posts/shape.md", line: 9,
          message: "unknown analysis 'capacity' (known: predictions)"),
        bars,
      ])
    ) {
      try site.builder.build(options)
    }
    let real = BuildOptions()
    #expect(throws: PublishError.sourceErrors([bars])) { try site.builder.build(real) }
    #expect(!FileManager.default.fileExists(atPath: site.builder.output.path))
  }

  @Test func anUnknownModelIsAnErrorAtItsBlock() throws {
    let site = try TestSite(files: [
      "posts/p.md": TestSite.post("```lens\nanalysis: capacity\nmodel: llama-9000\n```\n")
    ])
    defer { site.remove() }
    do {
      try site.builder.build(Self.options(.init()))
      Issue.record("built with an unknown model")
    } catch {
      guard case .sourceErrors(let errors) = error else { throw error }
      #expect(errors.count == 1)
      #expect(errors[0].line == 8)
      #expect(errors[0].message.hasPrefix("unknown model 'llama-9000'"))
    }
  }

  @Test func aSingleFileHasItsStyleAndFiguresInline() throws {
    let site = try TestSite(files: Self.posts)
    defer { site.remove() }
    let html = try site.builder.singleFile("posts/shape.md", Self.options(.init()))
    #expect(html.contains("<style>\n/* lenscribe default style"))
    #expect(!html.contains("style.css"))
    #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    #expect(!html.contains("<img src=\"fig-"))
    #expect(html.contains("href=\"https://example.org/blog/\""))
    #expect(!FileManager.default.fileExists(atPath: site.builder.output.path))
    #expect(throws: PublishError.postNotFound("nope", known: ["later", "shape", "wip"])) {
      try site.builder.singleFile("nope", Self.options(.init()))
    }
  }

  @Test func twoIdenticalBlocksInOneSingleFileHaveDistinctIds() throws {
    let block = "```lens\nanalysis: capacity\n```\n\n"
    let site = try TestSite(files: ["posts/twice.md": TestSite.post(block + block)])
    defer { site.remove() }
    let html = try site.builder.singleFile("posts/twice.md", Self.options(.init()))
    let ids = html.matches(of: /\sid="([^"]+)"/).map { String($0.output.1) }
    #expect(ids.count > 2, "the figures carry ids: \(ids)")
    #expect(Set(ids).count == ids.count, "repeated ids: \(ids)")
  }

  @Test func aSiteWithoutConfigurationSaysWhatToDo() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "lenscribe-empty-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(throws: PublishError.siteNotFound(path: folder.standardizedFileURL.path)) {
      try SiteBuilder(folder: folder).build(BuildOptions())
    }
  }
}
