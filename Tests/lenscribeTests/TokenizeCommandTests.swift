import Engine
import Foundation
import Testing

/// `lenscribe tokenize` against llama.cpp's ids for a few strings of the committed goldens
/// (Tests/EngineTests/Fixtures/tokenizer, made by scripts/make-tokenizer-goldens.py).
@Suite struct TokenizeCommandTests {
  struct Golden: Decodable {
    struct Case: Decodable {
      let name: String
      let text: String
      let ids: [Int]
      let idsDefault: [Int]
      let pieces: [String]

      enum CodingKeys: String, CodingKey {
        case name, text, ids, pieces
        case idsDefault = "ids_default"
      }
    }
    let cases: [Case]
  }

  struct Output: Decodable, Equatable {
    let ids: [Int]
    let pieces: [String]
  }

  static func golden(_ model: String) throws -> [String: Golden.Case] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../EngineTests/Fixtures/tokenizer/\(model).json")
    let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: url))
    return Dictionary(uniqueKeysWithValues: golden.cases.map { ($0.name, $0) })
  }

  static func text(ofHex hex: String) -> String {
    var bytes: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
      let next = hex.index(index, offsetBy: 2)
      bytes.append(UInt8(hex[index..<next], radix: 16)!)
      index = next
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  @Test(arguments: ["smollm2-135m", "gemma3-270m"])
  func jsonMatchesLlamaCpp(_ model: String) throws {
    let golden = try Self.golden(model)
    for name in ["sentence", "chinese", "emoji", "tabs-newlines", "contractions", "arabic"] {
      let testCase = try #require(golden[name])
      for noBOS in [true, false] {
        let run = try CommandLineRun.run(
          ["tokenize", "--model", model, "--json"] + (noBOS ? ["--no-bos"] : []) + [testCase.text])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let output = try JSONDecoder().decode(Output.self, from: Data(run.stdout.utf8))
        #expect(output.ids == (noBOS ? testCase.ids : testCase.idsDefault), "\(model) \(name)")
        if noBOS {
          #expect(output.pieces == testCase.pieces.map(Self.text(ofHex:)), "\(model) \(name)")
        }
        #expect(run.stdout.hasPrefix("{\n  \"ids\" : [") && run.stdout.hasSuffix("]\n}\n"))
      }
    }
  }

  @Test func textOutputIsOneLinePerTokenInDisplayForm() throws {
    let gemma = try CommandLineRun.run(["tokenize", "--model", "gemma3-270m", "Hello world\n\tx"])
    #expect(gemma.status == 0, "stderr: \(gemma.stderr)")
    #expect(gemma.stdout == "2\t⟨BOS⟩\n9259\tHello\n1902\t␣world\n107\t↵\n255968\t⇥\n236781\tx\n")
    let smol = try CommandLineRun.run(["tokenize", "Hello world"])
    #expect(smol.stdout == "19556\tHello\n905\t␣world\n")
    let special = try CommandLineRun.run(["tokenize", "--parse-special", "<|im_start|>user"])
    #expect(special.stdout == "1\t⟨BOS⟩\n4093\tuser\n")
  }

  @Test func bosFollowsTheModelUnlessAFlagSaysOtherwise() throws {
    // SmolLM2 adds no BOS by default, Gemma 3 does.
    let forced = try CommandLineRun.run(["tokenize", "--bos", "Hello"])
    #expect(forced.stdout == "1\t⟨BOS⟩\n19556\tHello\n")
    let dropped = try CommandLineRun.run(["tokenize", "--model", "gemma3-270m", "--no-bos", "Hello"])
    #expect(dropped.stdout == "9259\tHello\n")
    let both = try CommandLineRun.run(["tokenize", "--bos", "--no-bos", "Hello"])
    #expect(both.status != 0)
    #expect(both.stderr.contains("--no-bos") && both.stdout.isEmpty)
  }

  @Test func badModelsAreOneLineErrors() throws {
    let unknown = try CommandLineRun.run(["tokenize", "--model", "llama-9000", "hi"])
    #expect(unknown.status != 0)
    #expect(unknown.stderr.contains("unknown model 'llama-9000'"))
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "not-gguf-\(UUID()).gguf")
    try Data("hello".utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let bad = try CommandLineRun.run(["tokenize", "--model", file.path, "hi"])
    #expect(bad.status != 0)
    #expect(bad.stderr.contains("not a GGUF file"))
    #expect(!bad.stderr.contains("Fatal error"))
  }
}
