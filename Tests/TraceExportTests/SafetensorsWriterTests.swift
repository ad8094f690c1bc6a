import Engine
import TraceExport
import Foundation
import Testing

/// The trace file is valid safetensors in DESIGN.md's layout.
@Suite struct SafetensorsWriterTests {
  struct Header {
    let json: [String: Any]
    let dataStart: Int
  }

  func header(_ data: Data) throws -> Header {
    let length = data.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
    #expect(length % 8 == 0)
    let text = data.subdata(in: 8..<(8 + Int(length)))
    let json = try #require(try JSONSerialization.jsonObject(with: text) as? [String: Any])
    return Header(json: json, dataStart: 8 + Int(length))
  }

  @Test func writesEveryTensorWithItsShapeAndBytes() throws {
    let model = try Transformer(path: try TestModels.smollm2)
    let trace = try model.trace(tokens: [1, 57, 685])
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("trace-\(UUID()).safetensors")
    defer { try? FileManager.default.removeItem(at: url) }
    try SafetensorsWriter.write(trace, to: url, metadata: ["gguf_sha256": "abc"])
    let data = try Data(contentsOf: url)
    let parsed = try header(data)
    let expected: [String: (String, [Int])] = [
      "tokens": ("I32", [3]), "resid": ("F32", [31, 3, 576]), "resid_mid": ("F32", [30, 3, 576]),
      "attn": ("F32", [30, 9, 3, 3]), "logits": ("F32", [3, 49152]),
    ]
    var covered = 0
    for (name, (dtype, shape)) in expected {
      let entry = try #require(parsed.json[name] as? [String: Any], "\(name) missing")
      #expect(entry["dtype"] as? String == dtype)
      #expect(entry["shape"] as? [Int] == shape)
      let offsets = try #require(entry["data_offsets"] as? [Int])
      #expect(offsets[1] - offsets[0] == shape.reduce(4, *))
      covered += offsets[1] - offsets[0]
    }
    #expect(parsed.dataStart + covered == data.count)
    let meta = try #require(parsed.json["__metadata__"] as? [String: String])
    #expect(meta["gguf_sha256"] == "abc" && meta["architecture"] == "llama")
    // The logits bytes are the trace's logits.
    let logits = try #require((parsed.json["logits"] as? [String: Any])?["data_offsets"] as? [Int])
    let stored = data.subdata(in: (parsed.dataStart + logits[0])..<(parsed.dataStart + logits[1]))
      .withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    #expect(stored == trace.logits)
    // No temporary file is left beside it.
    let siblings = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
    #expect(!siblings.contains { $0.hasPrefix(".\(url.lastPathComponent)") })
  }
}
