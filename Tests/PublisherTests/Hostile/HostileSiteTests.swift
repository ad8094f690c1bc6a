import Foundation
import Publisher
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Sites a hostile or unlucky writer makes: each fails with a clear message at the right line,
/// in bounded time and memory, and leaves the last good `public/` as it was.
@Suite struct HostileSiteTests {
  /// A good site built once, then `post` written into it; returns the error of the next build
  /// and checks that it took at most `seconds` and left `public/` untouched.
  static func failure(
    of post: String, seconds: Double = 10, options: BuildOptions = BuildOptions(),
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> [SourceError] {
    let site = try TestSite(files: [
      "posts/good.md": TestSite.post(
        title: "Good", "```lens\nanalysis: predictions\nprompt: Paris is the\n```\n")
    ])
    defer { site.remove() }
    try site.builder.build(options)
    let before = try site.publicFiles()
    try site.write("posts/bad.md", post)
    let start = Date()
    var errors: [SourceError] = []
    do {
      try site.builder.build(options)
      Issue.record("the build succeeded", sourceLocation: sourceLocation)
    } catch .sourceErrors(let found) {
      errors = found
    } catch {
      Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
    }
    let elapsed = Date().timeIntervalSince(start)
    #expect(elapsed < seconds, "took \(elapsed) s", sourceLocation: sourceLocation)
    #expect(try site.publicFiles() == before, "public/ changed", sourceLocation: sourceLocation)
    return errors
  }

  /// Nine nested aliases of nine items: 9^10 values from a 1 KB block.
  static var aliasBomb: String {
    var lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in 1..<10 {
      lines.append(
        "a\(level): &a\(level) ["
          + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]")
    }
    return lines.joined(separator: "\n")
  }

  @Test func aYAMLAliasBombInALensBlockIsRefusedAtItsLine() throws {
    let errors = try Self.failure(
      of: TestSite.post(
        "```lens\nanalysis: predictions\nprompt: Hi\n" + Self.aliasBomb + "\n```\n"))
    #expect(errors.count == 1)
    #expect(errors.first?.file == "posts/bad.md")
    // The fence is on line 6 of a TestSite post; a0 defines the anchor, a1 first uses it.
    #expect(errors.first?.line == 10)
    #expect(errors.first?.message.contains("YAML alias") == true)
  }

  /// Aliases as mapping keys: Yams would hash every expanded key before lenscribe saw them.
  @Test func aliasesAsKeysAreRefusedBeforeTheyAreExpanded() throws {
    var nested = "k: [&a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"
    for level in 1..<9 {
      nested += ", &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(
        separator: ", ") + "]"
    }
    nested += "]\nm: {? *a8 : 1, ? *a7 : 2}"
    let errors = try Self.failure(
      of: TestSite.post("```lens\nanalysis: predictions\nprompt: Hi\n" + nested + "\n```\n"))
    #expect(errors.first?.message.contains("YAML alias") == true)
  }

  @Test func anAliasInTheFrontMatterIsRefused() throws {
    let post = "---\ntitle: &t Bomb\ndate: 2024-05-01\nsummary: *t\n---\n\nText.\n"
    let errors = try Self.failure(of: post)
    #expect(errors.first?.line == 4)
    #expect(errors.first?.message.contains("front matter uses a YAML alias") == true)
  }

  /// Without aliases a block can still be long; its values are counted as they are read.
  @Test func anOptionOfTensOfThousandsOfValuesIsRefused() throws {
    let values = Array(repeating: "1", count: 20_000).joined(separator: ", ")
    let errors = try Self.failure(
      of: TestSite.post("```lens\nanalysis: predictions\nprompt: Hi\ngaps: [\(values)]\n```\n"))
    #expect(errors.first?.line == 9)
    #expect(errors.first?.message.hasPrefix("option 'gaps' makes the block hold more than") == true)
  }

  /// A FIFO would hang whatever reads it.
  @Test func aFIFOAsAModelIsRefusedWithoutHanging() throws {
    let fifo = FileManager.default.temporaryDirectory
      .appendingPathComponent("lenscribe-fifo-\(UUID().uuidString).gguf")
    #expect(mkfifo(fifo.path, 0o600) == 0)
    defer { try? FileManager.default.removeItem(at: fifo) }
    let errors = try Self.failure(
      of: TestSite.post(
        "```lens\nanalysis: predictions\nmodel: \(fifo.path)\nprompt: Hi\n```\n"))
    #expect(errors.first?.message.contains("not a regular file") == true)
  }
}
