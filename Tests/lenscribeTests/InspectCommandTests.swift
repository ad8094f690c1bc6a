import Engine
import Foundation
import Testing

/// `lenscribe inspect --json` against what the `gguf` Python package reports for the same files
/// (Tests/EngineTests/Fixtures/gguf, made by scripts/make-gguf-goldens.py).
@Suite struct InspectCommandTests {
  static let fixtures = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("EngineTests/Fixtures/gguf")

  func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  /// Numbers compare at Float precision (the reference prints float32 values widened to double).
  func same(_ a: Any?, _ b: Any?) -> Bool {
    switch (a, b) {
    case (let x as [Any], let y as [Any]):
      return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
    case (let x as String, let y as String):
      return x == y
    case (let x as NSNumber, let y as NSNumber):
      return x == y || Float(x.doubleValue) == Float(y.doubleValue)
    case (nil, nil), (is NSNull, nil), (nil, is NSNull), (is NSNull, is NSNull):
      return true
    default:
      return false
    }
  }

  func check(model: String) throws {
    let run = try CommandLineRun.run(["inspect", model, "--json"])
    #expect(run.status == 0, "\(run.stderr)")
    let ours = try json(run.stdout)
    let golden = try json(try String(contentsOf: Self.fixtures.appendingPathComponent("\(model).json"), encoding: .utf8))

    #expect(ours["tensorCount"] as? Int == golden["tensorCount"] as? Int)
    let ourTensors = try #require(ours["tensors"] as? [[String: Any]])
    let goldenTensors = try #require(golden["tensors"] as? [[String: Any]])
    #expect(ourTensors.count == goldenTensors.count)
    for (a, b) in zip(ourTensors, goldenTensors) {
      for key in ["name", "shape", "type", "bytes", "offset"] {
        #expect(same(a[key], b[key]), "tensor \(b["name"] ?? "?") \(key): \(a[key] ?? "nil") vs \(b[key] ?? "nil")")
      }
    }

    let ourEntries = try #require(ours["metadata"] as? [[String: Any]])
    let goldenEntries = try #require(golden["metadata"] as? [String: [String: Any]])
    #expect(Set(ourEntries.compactMap { $0["key"] as? String }) == Set(goldenEntries.keys))
    for entry in ourEntries {
      let key = try #require(entry["key"] as? String)
      let reference = try #require(goldenEntries[key])
      for field in ["type", "elementType", "count", "value"] {
        #expect(same(entry[field], reference[field]), "\(key).\(field): \(entry[field] ?? "nil") vs \(reference[field] ?? "nil")")
      }
    }
  }

  @Test func smolLM2MatchesTheGGUFPythonPackage() throws { try check(model: "smollm2-135m") }
  @Test func gemma3MatchesTheGGUFPythonPackage() throws { try check(model: "gemma3-270m") }

  @Test func jsonIsDeterministic() throws {
    let first = try CommandLineRun.run(["inspect", "smollm2-135m", "--json"])
    let second = try CommandLineRun.run(["inspect", "smollm2-135m", "--json"])
    #expect(first.stdout == second.stdout)
    #expect(!first.stdout.isEmpty)
  }

  @Test func textReportShowsHyperParametersAndTensors() throws {
    let run = try CommandLineRun.run(["inspect", "gemma3-270m"])
    #expect(run.status == 0)
    #expect(run.stdout.contains("architecture: gemma3"))
    #expect(run.stdout.contains("gemma3.attention.sliding_window = 512"))
    #expect(run.stdout.contains("model: llama, pre: default"))
    #expect(run.stdout.contains("token_embd.weight"))
  }

  @Test func notAGGUFFileIsAClearError() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-model-\(UUID()).gguf")
    try Data("hello, world".utf8).write(to: path)
    defer { try? FileManager.default.removeItem(at: path) }
    let run = try CommandLineRun.run(["inspect", path.path])
    #expect(run.status != 0)
    #expect(run.stderr.contains("not a GGUF file"))
    #expect(!run.stderr.contains("Fatal error"))
  }

  @Test func unknownModelNameIsAClearError() throws {
    let run = try CommandLineRun.run(["inspect", "no-such-model"])
    #expect(run.status != 0)
    #expect(run.stderr.contains("unknown model 'no-such-model'"))
  }
}
