import Engine
import Foundation
import Testing

/// Defined behaviour on both registry models: decoding gives the text back, invalid UTF-8 is
/// handled as llama.cpp handles it, and the display form makes invisible things visible.
@Suite struct TokenizerBehaviourTests {
  static let smol = Result { try Tokenizer(file: GGUFFile(path: TestModels.smollm2)) }
  static let gemma = Result { try Tokenizer(file: GGUFFile(path: TestModels.gemma3)) }

  @Test(arguments: ["smollm2-135m", "gemma3-270m"])
  func decodingGivesBackEveryValidGoldenText(_ name: String) throws {
    let tokenizer = try (name == "gemma3-270m" ? Self.gemma : Self.smol).get()
    let golden = try TokenizerGolden.load(name)
    var checked = 0
    for testCase in golden.cases {
      let bytes = testCase.bytes
      guard Array(String(decoding: bytes, as: UTF8.self).utf8) == bytes else { continue }
      for addBOS in [false, true] {
        let decoded = tokenizer.decode(tokenizer.encode(bytes: bytes, addBOS: addBOS))
        #expect(decoded == bytes, "\(testCase.name), BOS \(addBOS)")
      }
      checked += 1
    }
    #expect(checked >= 38)
  }

  @Test func emptyAndSingleSpace() throws {
    let smol = try Self.smol.get()
    let gemma = try Self.gemma.get()
    #expect(smol.encode("", addBOS: false) == [])
    #expect(smol.encode("", addBOS: true) == [1])
    #expect(smol.encode(" ", addBOS: false) == [216])
    #expect(gemma.encode(" ", addBOS: false) == [236743])
    #expect(smol.decode([]) == [] && gemma.decode([2]) == [])
  }

  @Test func invalidUTF8IsReadAsLlamaCppReadsIt() throws {
    let smol = try Self.smol.get()
    let gemma = try Self.gemma.get()
    let bytes: [UInt8] = [0x61, 0xFF, 0x62, 0xE2, 0x82]
    // Byte-level BPE: each bad byte is U+FFFD.
    let replaced = Array("a\u{FFFD}b\u{FFFD}\u{FFFD}".utf8)
    #expect(smol.decode(smol.encode(bytes: bytes, addBOS: false)) == replaced)
    // SentencePiece: the bytes survive as byte tokens.
    let ids = gemma.encode(bytes: bytes, addBOS: false)
    #expect(gemma.decode(ids) == bytes)
    #expect(ids.map(gemma.kind(of:)).contains(.byte))
  }

  @Test func displayMakesInvisibleThingsVisible() throws {
    let smol = try Self.smol.get()
    let ids = smol.encode(" Hello\n\tworld  !", addBOS: true)
    #expect(ids.map(smol.displayPiece) == ["⟨BOS⟩", "␣Hello", "↵", "⇥", "world", "␣", "␣!"])
    #expect(smol.displayPiece(smol.eosID!) == "⟨EOS⟩")
    #expect(smol.displayPiece(0) == "⟨<|endoftext|>⟩")
    #expect(smol.displayPiece(-1) == "⟨?-1⟩" && smol.pieceBytes(49152) == [])
    // A character split over two tokens: the partial bytes are shown as bytes.
    let llama = smol.encode("🦙", addBOS: false)
    #expect(llama.count > 1)
    #expect(llama.map(smol.displayPiece).joined().hasPrefix("<0xF0><0x9F>"))
    #expect(smol.displayPiece(smol.encode("\u{00A0}", addBOS: false)[0]) == "<U+00A0>")

    let gemma = try Self.gemma.get()
    let byte = gemma.encode(bytes: [0xFF], addBOS: false)
    #expect(byte.count == 1 && gemma.displayPiece(byte[0]) == "<0xFF>")
    #expect(gemma.vocabularyText(byte[0]) == "<0xFF>")
    #expect(gemma.displayPiece(gemma.bosID!) == "⟨BOS⟩")
    #expect(gemma.encode("\n\n", addBOS: false).map(gemma.displayPiece) == ["↵↵"])
    #expect(gemma.encode(" the", addBOS: false).map(gemma.displayPiece) == ["␣the"])
  }

  @Test func specialTokensAreParsedOnlyWhenAsked() throws {
    let smol = try Self.smol.get()
    let text = "<|im_start|>user\nHi<|im_end|>"
    let parsed = smol.encode(text, addBOS: false, parseSpecial: true)
    #expect(parsed.first == 1 && parsed.last == 2)
    #expect(parsed.map(smol.displayPiece) == ["⟨BOS⟩", "user", "↵", "Hi", "⟨EOS⟩"])
    #expect(smol.encode(text, addBOS: false).count > 10)
    let gemma = try Self.gemma.get()
    let turn = gemma.encode(
      "<start_of_turn>user\nHi<end_of_turn>", addBOS: true, parseSpecial: true)
    #expect(
      turn.map(gemma.displayPiece) == [
        "⟨BOS⟩", "⟨<start_of_turn>⟩", "user", "↵", "Hi", "⟨<end_of_turn>⟩",
      ])
  }
}
