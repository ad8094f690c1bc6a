import Foundation
import Testing

/// `lenscribe report` as a user runs it, on SmolLM2.
@Suite struct ReportCommandTests {
  /// A fresh path in the temporary folder (not created).
  static func folder() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("lenscribe-report-\(UUID())")
  }

  /// Every file under `folder` with its bytes, `.cache` left out.
  static func files(_ folder: URL) -> [String: Data] {
    var result: [String: Data] = [:]
    guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [:] }
    while let path = walker.nextObject() as? String {
      guard !path.hasPrefix(".cache"),
        let data = FileManager.default.contents(atPath: folder.appendingPathComponent(path).path)
      else { continue }
      result[path] = data
    }
    return result
  }

  @Test func writesAndBuildsAReportTheSameTwice() throws {
    let first = Self.folder()
    let second = Self.folder()
    defer {
      try? FileManager.default.removeItem(at: first)
      try? FileManager.default.removeItem(at: second)
    }
    let arguments = ["report", "The sky is", "--date", "2024-05-01", "--out"]
    let run = try CommandLineRun.run(arguments + [first.path])
    #expect(run.status == 0, "stderr: \(run.stderr)")
    let slug = "the-sky-is-smollm2-135m"
    let lines = run.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 3)
    #expect(lines.first == "wrote \(first.path)/lenscribe.yml")
    #expect(lines.dropFirst().first == "wrote \(first.path)/posts/\(slug).md")
    let built = try #require(lines.last)
    #expect(built.hasPrefix("built \(first.path)/public/posts/\(slug)/index.html: "))
    // The analyses the report ran, from "...: 6 figures (predictions, logit-lens, ...)".
    let list = try #require(built.split(separator: "(").last).dropLast()
    let analyses = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    #expect(Array(analyses.prefix(2)) == ["predictions", "logit-lens"])
    #expect(analyses.contains("residual-change") && !analyses.contains("compare"))

    let files = Self.files(first)
    let page = String(
      decoding: try #require(files["public/posts/\(slug)/index.html"]), as: UTF8.self)
    for (index, analysis) in analyses.enumerated() {
      #expect(files["public/posts/\(slug)/fig-\(index + 1)-\(analysis).svg"] != nil, "\(analysis)")
      #expect(files["public/posts/\(slug)/fig-\(index + 1)-\(analysis).json"] != nil, "\(analysis)")
    }
    // Every figure has its finding, and each finding holds numbers from the run.
    let findings = page.components(separatedBy: "<p class=\"lens-finding\">").dropFirst()
    #expect(findings.count == analyses.count)
    #expect(findings.allSatisfy { $0.prefix(while: { $0 != "<" }).contains { $0.isNumber } })
    let source = String(decoding: try #require(files["posts/\(slug).md"]), as: UTF8.self)
    #expect(source.hasPrefix("---\ntitle: \"smollm2-135m on “The sky is”\"\ndate: 2024-05-01\n"))
    #expect(source.components(separatedBy: "```lens\n").count == analyses.count + 1)
    // The summary and the introductions type no number (the model's name aside): every number
    // on the page comes from a block.
    let prose = source.split(separator: "\n").filter { !$0.contains(":") && !$0.hasPrefix("```") }
    #expect(prose.count > 10)
    let typed = prose.joined().replacingOccurrences(of: "smollm2-135m", with: "")
    #expect(typed.allSatisfy { !$0.isNumber })

    let check = try CommandLineRun.run(["check", first.path])
    #expect(check.status == 0, "stderr: \(check.stderr)")
    let again = try CommandLineRun.run(arguments + [second.path])
    #expect(again.status == 0, "stderr: \(again.stderr)")
    #expect(Self.files(second) == files)
    // Into the same folder again, without --date: allowed (it is a report folder), the earlier
    // report's date is kept, and every file has the same bytes.
    let rerun = try CommandLineRun.run(["report", "The sky is", "--out", first.path])
    #expect(rerun.status == 0, "stderr: \(rerun.stderr)")
    #expect(Self.files(first) == files)
  }

  @Test func badInputSaysWhatIsWrongAndWritesNothing() throws {
    let folder = Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let empty = try CommandLineRun.run(["report", "  ", "--out", folder.path])
    #expect(empty.status != 0)
    #expect(empty.stderr.contains("the prompt is empty"))
    let unknown = try CommandLineRun.run(
      ["report", "The sky is", "--model", "llama-9000", "--out", folder.path])
    #expect(unknown.status != 0)
    #expect(unknown.stderr.contains("unknown model 'llama-9000'"))
    let long = String(repeating: "one two ", count: 5000)
    let tooLong = try CommandLineRun.run(["report", long, "--out", folder.path])
    #expect(tooLong.status != 0)
    #expect(tooLong.stderr.contains("more than the 8192 tokens of smollm2-135m's context"))
    let badDate = try CommandLineRun.run(
      ["report", "The sky is", "--date", "2024-13-01", "--out", folder.path])
    #expect(badDate.status != 0)
    #expect(badDate.stderr.contains("date '2024-13-01' is not a calendar date"))
    let uneven = try CommandLineRun.run(
      ["report", "The sky is", "--corrupted", "The night sky over the sea is", "--out", folder.path])
    #expect(uneven.status != 0)
    #expect(uneven.stderr.contains("the corrupted prompt (--corrupted) is 7 tokens long and the prompt 3"))
    #expect(!FileManager.default.fileExists(atPath: folder.path))

    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let notes = folder.appendingPathComponent("notes.md")
    try Data("mine\n".utf8).write(to: notes)
    let refused = try CommandLineRun.run(["report", "The sky is", "--out", folder.path])
    #expect(refused.status != 0)
    #expect(refused.stderr.contains("\(folder.path) exists and is not a report folder"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["notes.md"])
  }
}
