import Engine
import Foundation
import Testing

/// The two registry models against llama.cpp's own tokenizations of a committed table of
/// strings (English, code, numbers, emoji, CJK, Arabic, accents, whitespace, special-token
/// text, invalid UTF-8, empty), in all three modes: plain, with the model's BOS, and with
/// special tokens parsed.
@Suite struct RealModelTokenizerTests {
  @Test(arguments: ["smollm2-135m", "gemma3-270m"])
  func everyGoldenStringMatchesLlamaCpp(_ name: String) throws {
    let golden = try TokenizerGolden.load(name)
    let tokenizer = try Tokenizer(file: GGUFFile(path: Self.path(name)))
    #expect(golden.cases.count >= 45)
    #expect(tokenizer.vocabularySize == golden.vocabularySize)
    #expect(tokenizer.bosID == golden.bos)
    #expect(tokenizer.addsBOSByDefault == golden.addsBOS)
    var failures: [String] = []
    for testCase in golden.cases {
      let bytes = testCase.bytes
      let plain = tokenizer.encode(bytes: bytes, addBOS: false)
      let withDefault = tokenizer.encode(bytes: bytes, addBOS: tokenizer.addsBOSByDefault)
      let parsed = tokenizer.encode(bytes: bytes, addBOS: false, parseSpecial: true)
      if plain != testCase.ids { failures.append("\(testCase.name): \(plain) != \(testCase.ids)") }
      if withDefault != testCase.idsDefault {
        failures.append("\(testCase.name) (BOS): \(withDefault) != \(testCase.idsDefault)")
      }
      if parsed != testCase.idsSpecial {
        failures.append("\(testCase.name) (special): \(parsed) != \(testCase.idsSpecial)")
      }
      let pieces = testCase.ids.map { tokenizer.pieceBytes($0) }
      if pieces != testCase.pieces.map(TokenizerGolden.bytes(hex:)) {
        failures.append("\(testCase.name): pieces differ")
      }
    }
    #expect(failures.count == 0, Comment(rawValue: failures.joined(separator: "\n")))
  }

  @Test func smolLM2AddsNoBOSAndGemma3Does() throws {
    let smol = try Tokenizer(file: GGUFFile(path: TestModels.smollm2))
    let gemma = try Tokenizer(file: GGUFFile(path: TestModels.gemma3))
    #expect(smol.summary == "bpe/starcoder")
    #expect(!smol.addsBOSByDefault)
    #expect(smol.bosID == 1)
    #expect(smol.encode("Hello world", addBOS: true) == [1, 19556, 905])
    #expect(gemma.summary == "sentencepiece")
    #expect(gemma.addsBOSByDefault)
    #expect(gemma.bosID == 2)
    #expect(gemma.encode("Hello world", addBOS: true) == [2, 9259, 1902])
    #expect(gemma.encode("", addBOS: true) == [2])
    #expect(gemma.encode("", addBOS: false) == [])
  }

  static func path(_ name: String) throws -> String {
    name == "smollm2-135m" ? try TestModels.smollm2 : try TestModels.gemma3
  }
}
