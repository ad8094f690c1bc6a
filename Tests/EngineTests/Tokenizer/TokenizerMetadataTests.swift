import Engine
import Foundation
import Testing

/// Vocabularies that cannot be built give a clear `TokenizerError` (or `GGUFError`), never a
/// crash; small made-up vocabularies show the defaults llama.cpp applies to missing keys.
@Suite struct TokenizerMetadataTests {
  /// A vocabulary-only GGUF file with the given tokenizer metadata.
  static func vocabulary(
    model: String, pre: String? = nil, tokens: [String], merges: [String]? = nil,
    scores: [Float]? = nil, extra: (inout GGUFBuilder) -> Void = { _ in }
  ) throws -> GGUFFile {
    var builder = GGUFBuilder()
    builder.add("general.architecture", type: 8, GGUFBuilder.string("llama"))
    builder.add("tokenizer.ggml.model", type: 8, GGUFBuilder.string(model))
    if let pre { builder.add("tokenizer.ggml.pre", type: 8, GGUFBuilder.string(pre)) }
    builder.add("tokenizer.ggml.tokens", type: 9, strings(tokens))
    if let merges { builder.add("tokenizer.ggml.merges", type: 9, strings(merges)) }
    if let scores {
      builder.add(
        "tokenizer.ggml.scores", type: 9,
        GGUFBuilder.array(
          type: 6, count: UInt64(scores.count), elements: scores.flatMap(GGUFBuilder.float)))
    }
    extra(&builder)
    return try GGUFBuilder.parse(builder.bytes(), name: "vocab.gguf")
  }

  static func strings(_ values: [String]) -> [UInt8] {
    GGUFBuilder.array(
      type: 8, count: UInt64(values.count), elements: values.flatMap(GGUFBuilder.string))
  }

  @Test func anUnknownPreTokenizerIsAnErrorListingTheSupportedOnes() throws {
    let file = try Self.vocabulary(
      model: "gpt2", pre: "klingon", tokens: ["a", "b"], merges: ["a b"])
    #expect {
      try Tokenizer(file: file)
    } throws: { error in
      guard let error = error as? TokenizerError,
        case .unsupportedPreTokenizer(_, let pre, let supported) = error
      else { return false }
      let message = error.description
      return pre == "klingon" && supported.contains("smollm") && supported.contains("llama-bpe")
        && supported.contains("qwen2") && message.contains("'klingon'")
        && message.contains("deepseek-llm") && message.contains("vocab.gguf")
    }
  }

  @Test func anUnknownTokenizerModelIsAnErrorNamingTheSupportedOnes() throws {
    let file = try Self.vocabulary(model: "t5", tokens: ["a"])
    #expect {
      try Tokenizer(file: file)
    } throws: { error in
      let message = String(describing: error)
      return message.contains("'t5'") && message.contains("gpt2") && message.contains("llama")
    }
  }

  @Test func byteLevelBPEWithoutMergesIsAnError() throws {
    let file = try Self.vocabulary(model: "gpt2", pre: "gpt-2", tokens: ["a"])
    #expect(throws: GGUFError.missingKey(file: "vocab.gguf", key: "tokenizer.ggml.merges")) {
      try Tokenizer(file: file)
    }
  }

  @Test func fewerScoresThanTokensIsAnError() throws {
    let file = try Self.vocabulary(model: "llama", tokens: ["a", "b", "c"], scores: [0, 0])
    #expect {
      try Tokenizer(file: file)
    } throws: { error in
      String(describing: error).contains("has 2 entries for 3 tokens")
    }
  }

  @Test func anEmptyVocabularyIsAnError() throws {
    let file = try Self.vocabulary(model: "llama", tokens: [])
    #expect(throws: TokenizerError.self) { try Tokenizer(file: file) }
  }

  @Test func missingKeysGetLlamaCppsDefaults() throws {
    // SentencePiece: BOS 1, EOS 2, BOS added, space prefix added.
    let spm = try Tokenizer(
      file: Self.vocabulary(
        model: "llama", tokens: ["<unk>", "<s>", "</s>", "▁a", "a", "b"],
        scores: [0, 0, 0, -1, -2, -3]))
    #expect(spm.bosID == 1 && spm.eosID == 2 && spm.addsBOSByDefault && spm.addsSpacePrefix)
    #expect(spm.encode("a", addBOS: true) == [1, 3])
    // Byte-level BPE without `pre`: llama.cpp's default pre-tokenizer; BOS 11 is out of range.
    let bpe = try Tokenizer(
      file: Self.vocabulary(model: "gpt2", tokens: ["a", "b", "ab", "Ġ"], merges: ["a b"]))
    #expect(bpe.bosID == nil && !bpe.addsBOSByDefault && bpe.summary == "bpe/default")
    #expect(bpe.encode("ab a", addBOS: true) == [2, 3, 0])
  }

  @Test func llamaBPEAddsBOSUnlessTheFileSaysNot() throws {
    let tokens = ["a", "b", "ab"] + (3..<12).map { "x\($0)" }
    let defaulted = try Tokenizer(
      file: Self.vocabulary(model: "gpt2", pre: "llama-bpe", tokens: tokens, merges: ["a b"]))
    #expect(defaulted.addsBOSByDefault && defaulted.bosID == 11)
    let off = try Tokenizer(
      file: Self.vocabulary(model: "gpt2", pre: "llama-bpe", tokens: tokens, merges: ["a b"]) {
        $0.add("tokenizer.ggml.add_bos_token", type: 7, [0])
      })
    #expect(!off.addsBOSByDefault)
    #expect(off.encode("ab", addBOS: off.addsBOSByDefault) == [2])
  }
}

extension TokenizerMetadataTests {
  /// A control token is shown by its name (`⟨<|im_start|>⟩`); a file can give it any name, so
  /// the control characters of the name are spelled out as a byte token's are.
  @Test func aControlTokensNameIsShownWithItsControlCharactersSpelledOut() throws {
    let tokens = ["<unk>", "<s>", "</s>", "<|\u{1B}]0;x\u{7}\u{85}|>", "▁a"]
    let types: [Int32] = [2, 3, 3, 3, 1]
    let tokenizer = try Tokenizer(
      file: Self.vocabulary(model: "llama", tokens: tokens, scores: [0, 0, 0, 0, -1]) {
        $0.add(
          "tokenizer.ggml.token_type", type: 9,
          GGUFBuilder.array(type: 5, count: 5, elements: types.flatMap { GGUFBuilder.le($0) }))
      })
    #expect(tokenizer.displayPiece(3) == "⟨<|<U+001B>]0;x<U+0007><U+0085>|>⟩")
    #expect(tokenizer.displayPiece(1) == "⟨BOS⟩")
  }
}
