import Foundation
import Publisher
import Testing

/// `SITE/.cache/lens` keeps the results of the current posts only; entries of blocks that were
/// edited or deleted are removed after a successful build (not when drafts were left out).
@Suite struct CachePruningTests {
  func entries(_ site: TestSite) throws -> [String] {
    let folder = site.folder.appendingPathComponent(".cache/lens")
    return try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".json") }.sorted()
  }

  @Test func anEditedBlockLeavesOneEntryBehindOnlyUntilTheNextFullBuild() throws {
    let site = try TestSite(files: SiteBuilderTests.posts)
    defer { site.remove() }
    try site.builder.build(SiteBuilderTests.options(.init(), drafts: true))
    let first = try entries(site)
    #expect(first.count == 2)

    // Without drafts nothing is pruned: a draft's results wait for the next `--drafts` build.
    try site.write(
      "posts/shape.md",
      SiteBuilderTests.posts["posts/shape.md"]!.replacingOccurrences(of: "bars: 1", with: "bars: 3"))
    try site.builder.build(SiteBuilderTests.options(.init()))
    let kept = try entries(site)
    #expect(kept.count == 3)
    #expect(Set(first).isSubset(of: Set(kept)))

    // A build that covers every post removes the entry of the old block, and only that one.
    try site.builder.build(SiteBuilderTests.options(.init(), drafts: true))
    let pruned = try entries(site)
    #expect(pruned.count == 2)
    #expect(Set(pruned).isSubset(of: Set(kept)))
    #expect(Set(first).intersection(pruned).count == 1)

    // The site is still whole and nothing needs to run again.
    let counter = ModelFactsRenderer.Counter()
    let report = try site.builder.build(SiteBuilderTests.options(counter, drafts: true))
    #expect(counter.renders == 0 && report.reusedCount == 2)
  }
}
