import Foundation
import Testing

/// `lenscribe trace`: the BOS flags and the file's own record of them.
@Suite struct TraceCommandTests {
  /// The JSON header of a safetensors file.
  static func header(_ url: URL) throws -> [String: Any] {
    let data = try Data(contentsOf: url)
    let length = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
    let json = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<(8 + length)))
    return try #require(json as? [String: Any])
  }

  @Test func bosIsTheModelsDefaultUnlessAFlagSaysOtherwise() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("lenscribe-trace-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for (flags, bos, tokens) in [([String](), "false", 1), (["--bos"], "true", 2)] {
      let out = folder.appendingPathComponent("t\(flags.count).safetensors")
      let run = try CommandLineRun.run(
        ["trace", "--model", "smollm2-135m", "--prompt", "Hello", "--out", out.path] + flags)
      #expect(run.status == 0, "stderr: \(run.stderr)")
      let header = try Self.header(out)
      let metadata = try #require(header["__metadata__"] as? [String: String])
      #expect(metadata["bos_added"] == bos)
      let shape = try #require((header["tokens"] as? [String: Any])?["shape"] as? [Int])
      #expect(shape == [tokens])
    }
    let both = try CommandLineRun.run(
      ["trace", "--prompt", "Hello", "--out", folder.appendingPathComponent("x.safetensors").path,
       "--bos", "--no-bos"])
    #expect(both.status != 0)
  }
}
