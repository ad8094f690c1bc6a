import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Input a hostile or unlucky user gives the command line: each gets a one-line message and a
/// non-zero exit, or is handled, and nothing hangs.
@Suite struct HostileInputTests {
  /// A fresh folder, removed by the caller.
  static func folder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("lenscribe-hostile-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  /// The real SmolLM2 file in the model store.
  static var smolLM2: String {
    let cache = ProcessInfo.processInfo.environment["XDG_CACHE_HOME"]
      ?? (NSHomeDirectory() + "/.cache")
    return cache + "/lenscribe/models/SmolLM2-135M-Instruct.Q4_1.gguf"
  }

  /// The Hugging Face cache keeps every model as a link into `blobs/`, and people link large
  /// files from other disks: a link, a link to a link and a relative link all run.
  @Test func aModelGivenThroughALinkRuns() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let manager = FileManager.default
    let direct = folder.appendingPathComponent("direct.gguf")
    try manager.createSymbolicLink(atPath: direct.path, withDestinationPath: Self.smolLM2)
    let twice = folder.appendingPathComponent("twice.gguf")
    try manager.createSymbolicLink(atPath: twice.path, withDestinationPath: direct.path)
    let sub = folder.appendingPathComponent("sub")
    try manager.createDirectory(at: sub, withIntermediateDirectories: true)
    let relative = sub.appendingPathComponent("relative.gguf")
    try manager.createSymbolicLink(atPath: relative.path, withDestinationPath: "../direct.gguf")
    for (index, link) in [direct, twice, relative].enumerated() {
      let out = folder.appendingPathComponent("t\(index).safetensors")
      let run = try CommandLineRun.run(
        ["trace", "--model", link.path, "--prompt", "I go to", "--out", out.path], limit: 120)
      #expect(run.status == 0, "\(link.lastPathComponent): \(run.stderr)")
      #expect(manager.fileExists(atPath: out.path))
    }
  }

  /// A FIFO (or any file that is not a regular file) given as the model is refused at once:
  /// reading one would wait for a writer forever.
  @Test func aFIFOAsTheModelIsRefusedWithoutHanging() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let fifo = folder.appendingPathComponent("model.gguf")
    #expect(mkfifo(fifo.path, 0o600) == 0)
    let out = folder.appendingPathComponent("t.safetensors").path
    for arguments in [
      ["inspect", fifo.path], ["tokenize", "--model", fifo.path, "Hello"],
      ["trace", "--model", fifo.path, "--prompt", "Hi", "--out", out],
    ] {
      let run = try CommandLineRun.run(arguments, limit: 30)
      #expect(!run.timedOut, "\(arguments[0]) hung on a FIFO")
      #expect(run.status != 0)
      #expect(run.stderr.contains("not a regular file"), "\(arguments[0]): \(run.stderr)")
      #expect(run.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1)
    }
  }

  /// A `general.name` that retitles the terminal (OSC), clears it (CSI) and starts an 8-bit
  /// CSI: what `inspect` prints must not do any of it.
  static let hostileName = "evil\u{1B}]0;pwned\u{7}\u{1B}[2J\u{9B}31m"
  /// `hostileName` as it is printed.
  static let escapedName = "evil\\u{1B}]0;pwned\\u{7}\\u{1B}[2J\\u{9B}31m"

  /// Whether `text` holds a control character other than a line break.
  static func hasControls(_ text: String) -> Bool {
    text.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" }
  }

  @Test func inspectPrintsAModelsStringsWithTheirControlsEscaped() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var model = HandWrittenGGUF()
    model.strings += [("general.name", Self.hostileName), ("x\u{1B}[31m", "v\u{1B}[0m")]
    model.tensors = ["t\u{1B}[1m"]
    let path = try model.write(in: folder)
    let text = try CommandLineRun.run(["inspect", path], limit: 30)
    #expect(text.status == 0, "\(text.stderr)")
    #expect(!Self.hasControls(text.stdout), "\(text.stdout.debugDescription)")
    #expect(text.stdout.contains("name: \(Self.escapedName)\n"))
    #expect(text.stdout.contains("x\\u{1B}[31m = \"v\\u{1B}[0m\""))
    #expect(text.stdout.contains("\nt\\u{1B}[1m  [1]"))
    // JSON escapes the controls as JSON does, C1 included: the value read back is the name.
    let json = try CommandLineRun.run(["inspect", path, "--json"], limit: 30)
    #expect(json.status == 0, "\(json.stderr)")
    #expect(!Self.hasControls(json.stdout), "\(json.stdout.debugDescription)")
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    let entries = try #require(object?["metadata"] as? [[String: Any]])
    let name = entries.first { $0["key"] as? String == "general.name" }?["value"] as? String
    #expect(name == Self.hostileName)
  }

  @Test func anErrorQuotesACorruptTensorNameWithItsControlsEscaped() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var model = HandWrittenGGUF()
    model.tensors = [Self.hostileName, Self.hostileName]
    let run = try CommandLineRun.run(["inspect", try model.write(in: folder)], limit: 30)
    #expect(run.status != 0)
    #expect(!Self.hasControls(run.stderr), "\(run.stderr.debugDescription)")
    #expect(run.stderr.contains("tensor '\(Self.escapedName)' appears twice"), "\(run.stderr)")
    #expect(run.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1)
  }
}
