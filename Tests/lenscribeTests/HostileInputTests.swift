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
}
