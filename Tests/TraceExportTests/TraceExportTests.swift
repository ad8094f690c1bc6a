import Engine
import Foundation
import Registry
import Testing
import TraceExport

/// `lenscribe trace` as a library: checks its output before it runs the model, and records
/// the bytes it ran on.
@Suite struct TraceExportTests {
  let folder: URL

  init() throws {
    folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("lenscribe-export-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  /// The `__metadata__` of a safetensors file.
  func metadata(_ url: URL) throws -> [String: String] {
    let data = try Data(contentsOf: url)
    let length = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
    let json = try JSONSerialization.jsonObject(with: data.subdata(in: 8..<(8 + length)))
    let header = try #require(json as? [String: Any])
    return try #require(header["__metadata__"] as? [String: String])
  }

  @Test func writesTheTraceWithTheDigestOfTheModelItRan() throws {
    let out = folder.appendingPathComponent("t.safetensors")
    var lines: [String] = []
    let summary = try TraceExport.run(
      .init(modelPath: try TestModels.smollm2, prompt: "I go to", bos: true, output: out)
    ) { lines.append($0) }
    #expect(summary.addedBOS && summary.tokenCount == 4)
    let meta = try metadata(out)
    // The registry's digest was computed by the model's publisher, not by lenscribe.
    #expect(meta["gguf_sha256"] == RegistryModel.smollm2.sha256)
    #expect(meta["bos_added"] == "true" && meta["architecture"] == "llama")
    #expect(lines.first?.hasSuffix("4 tokens (BOS added)") == true)
    #expect(lines.last == "wrote \(out.path)")
    try? FileManager.default.removeItem(at: folder)
  }

  @Test func aBadOutputIsRefusedBeforeTheModelIsRead() throws {
    // A model path that does not exist: only the output check can have answered.
    let model = folder.appendingPathComponent("absent.gguf").path
    let missing = folder.appendingPathComponent("no/such/t.safetensors")
    #expect(throws: TraceExportError.missingFolder(path: missing.deletingLastPathComponent().path)) {
      try TraceExport.run(.init(modelPath: model, prompt: "x", output: missing))
    }
    let wrong = folder.appendingPathComponent("t.npz")
    #expect(throws: TraceExportError.notSafetensors(path: wrong.path)) {
      try TraceExport.run(.init(modelPath: model, prompt: "x", output: wrong))
    }
    let isFolder = folder.appendingPathComponent("d.safetensors")
    try FileManager.default.createDirectory(at: isFolder, withIntermediateDirectories: true)
    #expect(throws: TraceExportError.unwritable(path: isFolder.path, reason: "it is a folder")) {
      try TraceExport.run(.init(modelPath: model, prompt: "x", output: isFolder))
    }
    try? FileManager.default.removeItem(at: folder)
  }
}
