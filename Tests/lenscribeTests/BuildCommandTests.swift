import Foundation
import Testing

/// `lenscribe build` and `lenscribe check` as a user runs them.
@Suite struct BuildCommandTests {
  /// A small site in a fresh temporary folder.
  struct Site {
    let folder: URL

    init() throws {
      folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "lenscribe-cli-\(UUID().uuidString)")
      try write("lenscribe.yml", "title: Lens notes\nbase-url: https://example.org/blog/\n")
      try write(
        "posts/first.md",
        "---\ntitle: First\ndate: 2024-05-01\nsummary: The first.\n---\n## Start\n\nSee [the second](second.md#more).\n"
      )
      try write(
        "posts/second.md",
        "---\ntitle: Second\ndate: 2024-06-01\nsummary: The second.\n---\n## More\n\n![dot](/assets/dot.svg)\n"
      )
      try write("assets/dot.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n")
    }

    func write(_ path: String, _ text: String) throws {
      let url = folder.appendingPathComponent(path)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }

    func read(_ path: String) throws -> Data {
      try Data(contentsOf: folder.appendingPathComponent(path))
    }
    var path: String { folder.path }
    func remove() { try? FileManager.default.removeItem(at: folder) }
  }

  @Test func buildingTwiceIntoTwoFoldersGivesIdenticalSites() throws {
    let first = try Site()
    let second = try Site()
    defer {
      first.remove()
      second.remove()
    }
    let run = try CommandLineRun.run(["build", first.path])
    #expect(run.status == 0, "stderr: \(run.stderr)")
    #expect(run.stdout == "built 2 posts into \(first.path)/public: 0 figures, 0 ran, 0 reused\n")
    #expect(run.stderr.isEmpty, "progress must stay quiet when stderr is not a terminal")
    #expect(try CommandLineRun.run(["build", second.path]).status == 0)

    let diff = Process()
    diff.executableURL = URL(fileURLWithPath: "/usr/bin/diff")
    diff.arguments = [
      "-r", first.folder.appendingPathComponent("public").path,
      second.folder.appendingPathComponent("public").path,
    ]
    let output = Pipe()
    diff.standardOutput = output
    try diff.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    diff.waitUntilExit()
    #expect(diff.terminationStatus == 0)
    #expect(text.isEmpty)
    #expect(try first.read("public/posts/first/index.html").count > 1000)
    #expect(try first.read("public/assets/dot.svg") == first.read("assets/dot.svg"))
    #expect(
      FileManager.default.fileExists(
        atPath: first.folder.appendingPathComponent("public/.nojekyll").path))
  }

  @Test func aBadLensBlockFailsAndKeepsTheLastSite() throws {
    let site = try Site()
    defer { site.remove() }
    #expect(try CommandLineRun.run(["build", site.path]).status == 0)
    let before = try site.read("public/posts/first/index.html")
    try site.write(
      "posts/first.md",
      "---\ntitle: First\ndate: 2024-05-01\nsummary: The first.\n---\n## Start\n\n"
        + "```lens\nanalysis: memory-purge\nprompt: I go to the basketball court to\n"
        + "top: 3\n```\n")
    let run = try CommandLineRun.run(["build", site.path])
    #expect(run.status != 0)
    #expect(
      run.stderr.contains("posts/first.md:11: unknown option 'top' for memory-purge (allowed: bos)"))
    #expect(try site.read("public/posts/first/index.html") == before)
    #expect(
      !FileManager.default.fileExists(
        atPath: site.folder.appendingPathComponent(".public.new").path))
  }

  @Test func checkNamesThePageAndTheBrokenLink() throws {
    let site = try Site()
    defer { site.remove() }
    #expect(try CommandLineRun.run(["build", site.path]).status == 0)
    let fine = try CommandLineRun.run(["check", site.path])
    #expect(fine.status == 0, "stderr: \(fine.stderr)")
    try site.write("public/posts/second/index.html", "<p>No anchors left.</p>\n")
    let run = try CommandLineRun.run(["check", site.path])
    #expect(run.status != 0)
    #expect(
      run.stderr.contains(
        "posts/first/index.html: broken link '../second/#more': posts/second/index.html has no anchor 'more'"
      ))
  }

  @Test func aSingleFileGoesToStandardOutput() throws {
    let site = try Site()
    defer { site.remove() }
    let run = try CommandLineRun.run(["build", site.path, "--single-file", "first"])
    #expect(run.status == 0, "stderr: \(run.stderr)")
    #expect(run.stdout.hasPrefix("<!DOCTYPE html>"))
    #expect(run.stdout.contains("<style>"))
    #expect(
      run.stdout.contains("<a href=\"https://example.org/blog/posts/second/#more\">the second</a>"))
    #expect(
      !FileManager.default.fileExists(atPath: site.folder.appendingPathComponent("public").path))
  }

  @Test func aFolderWithoutConfigurationSaysWhatToDo() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "lenscribe-none-\(UUID())")
    let run = try CommandLineRun.run(["build", folder.path])
    #expect(run.status != 0)
    #expect(run.stderr.contains("is not a lenscribe site: it has no lenscribe.yml"))
    let check = try CommandLineRun.run(["check", folder.path])
    #expect(check.status != 0)
    #expect(check.stderr.contains("is not a lenscribe site"))
  }
}
