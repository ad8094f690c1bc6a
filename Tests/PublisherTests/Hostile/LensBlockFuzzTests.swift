import Engine
import Foundation
import Publisher
import Testing

/// Random mutations of the example posts, each built as a site: no crash, no hang, no memory
/// growth, and a failed build leaves `public/` as the last good build left it.
///
/// Models are never run: the resolver refuses every model, so a block that survives the
/// checks fails there. What is fuzzed is everything before a model runs: front matter, fences,
/// YAML (aliases, tags, nesting), option decoding, cross-references and Markdown.
@Suite struct LensBlockFuzzTests {
  static let posts = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("site/posts")

  /// Pieces that YAML, the front matter, lens fences and Markdown give meaning to.
  static let pieces = [
    ":", ": ", "- ", "[", "]", "{", "}", "&a ", "*a", "!!str ", "!!binary ", "|", ">", "\"",
    "'", "#", "\n", "  ", "\t", "```", "```lens\n", "---\n", "[@fig:x]", "\\", "%", "@", "?",
    ",", "0", "-1", "99999999999999999999", "1e400", "nan", "~", "null", "true", "\u{0}",
    "\u{1B}", "\u{FEFF}", "é", "<script>", "](javascript:x)", "analysis: ", "prompt: ",
    "model: ", "layers: ", "top: ", "bos: ", "label: ", "caption: ",
  ]

  static func mutate(_ text: String, _ random: inout SplitMix64) -> String {
    var lines = text.components(separatedBy: "\n")
    for _ in 0..<(1 + random.index(below: 4)) {
      let line = random.index(below: lines.count)
      var scalars = Array(lines[line].unicodeScalars)
      switch random.index(below: 6) {
      case 0:  // insert a piece
        let at = scalars.isEmpty ? 0 : random.index(below: scalars.count + 1)
        let piece = pieces[random.index(below: pieces.count)]
        scalars.insert(contentsOf: piece.unicodeScalars, at: at)
        lines[line] = String(String.UnicodeScalarView(scalars))
      case 1:  // delete a run of characters
        guard !scalars.isEmpty else { continue }
        let at = random.index(below: scalars.count)
        scalars.removeSubrange(at..<min(scalars.count, at + 1 + random.index(below: 8)))
        lines[line] = String(String.UnicodeScalarView(scalars))
      case 2: lines.insert(lines[line], at: line)  // repeat a line
      case 3: lines.remove(at: line)
      case 4: lines.swapAt(line, random.index(below: lines.count))
      default:  // a line of another post's kind
        let piece = pieces[random.index(below: pieces.count)]
        lines.insert(piece + lines[random.index(below: lines.count)], at: line)
      }
      if lines.isEmpty { lines = [""] }
    }
    return lines.joined(separator: "\n")
  }

  /// Resident memory of this process, in bytes (Linux).
  static func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
      let pages = text.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
    else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
  }

  struct NoModels: Error, CustomStringConvertible {
    var description: String { "models are not run in the fuzz test" }
  }

  @Test func twoThousandMutatedPostsNeitherCrashNorHangNorDamageTheSite() throws {
    let originals = try FileManager.default.contentsOfDirectory(atPath: Self.posts.path)
      .filter { $0.hasSuffix(".md") }.sorted()
      .map { try String(contentsOf: Self.posts.appendingPathComponent($0), encoding: .utf8) }
    #expect(originals.count >= 5)
    let site = try TestSite(files: ["posts/good.md": TestSite.post(title: "Good", "Text.\n")])
    defer { site.remove() }
    var options = BuildOptions()
    options.resolveModel = { _ in throw NoModels() }
    try site.builder.build(options)
    var lastGood = try site.publicFiles()

    // Seeded: the same cases on every run, so a failure can be replayed by its number.
    var random = SplitMix64(seed: 2026)
    let start = Date()
    let memoryBefore = Self.residentBytes()
    var (passed, refused, slowest) = (0, 0, 0.0)
    for number in 0..<2000 {
      let post = Self.mutate(originals[random.index(below: originals.count)], &random)
      try site.write("posts/fuzz.md", post)
      let caseStart = Date()
      do {
        try site.builder.build(options)
        passed += 1
        lastGood = try site.publicFiles()
      } catch {
        let message = "\(error)"
        // Reaching the model means every check before it passed.
        if message.contains(NoModels().description) { passed += 1 } else { refused += 1 }
        #expect(!message.isEmpty && !message.contains("\u{0}"), "case \(number)")
        if try site.publicFiles() != lastGood {
          Issue.record("case \(number): a failed build changed public/")
          break
        }
      }
      slowest = max(slowest, Date().timeIntervalSince(caseStart))
      #expect(slowest < 5, "case \(number) took \(slowest) s")
      if slowest >= 5 { break }
    }
    let elapsed = Date().timeIntervalSince(start)
    let growth = Self.residentBytes() - memoryBefore
    // Both kinds must be common: posts that pass every check, and posts refused by one.
    #expect(passed > 100 && refused > 100, "passed \(passed), refused \(refused)")
    #expect(elapsed < 240, "2,000 builds took \(elapsed) s")
    #expect(growth < 500_000_000, "memory grew by \(growth) bytes")
  }
}
