/// A model's vocabulary as llama.cpp loads it from GGUF metadata: token texts and attributes,
/// the special token ids, the default flags, and the encoder of its tokenizer family.
struct Vocabulary: Sendable {
  enum Encoder: Sendable {
    case bytePair(BytePairModel, PreTokenizer)
    case sentencePiece(SentencePieceModel)
  }

  /// `tokenizer.ggml.model`.
  let model: String
  /// The pre-tokenizer family (byte-level BPE only).
  let preTokenizerName: String?
  /// Token texts as the file spells them (empty ones as `[EMPTY_i]`, like llama.cpp).
  let texts: FlatStrings
  let kinds: [TokenKind]
  let attributes: [TokenAttributes]
  /// The text each token stands for (special tokens: their own text).
  let pieces: FlatStrings
  let encoder: Encoder
  let specials: SpecialTokenSplitter
  let bosID: Int32?
  let eosID: Int32?
  let unknownID: Int32?
  let addsBOS: Bool
  let addsSpacePrefix: Bool

  var count: Int { kinds.count }

  init(file: GGUFFile) throws {
    let metadata = try VocabularyMetadata(file: file)
    let count = metadata.tokens.count
    var texts: [[UInt8]] = []
    texts.reserveCapacity(count)
    for (id, token) in metadata.tokens.enumerated() {
      texts.append(token.isEmpty ? Array("[EMPTY_\(id)]".utf8) : Array(token.utf8))
    }
    var attributes = metadata.kinds.map { TokenAttributes(kind: $0) }
    AttributeRules.apply(to: &attributes, texts: texts, metadata: metadata)

    var entries: [SpecialTokenSplitter.Entry] = []
    for id in 0..<count where !attributes[id].isDisjoint(with: .special) {
      entries.append(
        .init(
          id: Int32(id), bytes: texts[id],
          textless: !attributes[id].isDisjoint(with: .textless),
          leftStrip: attributes[id].contains(.leftStrip),
          rightStrip: attributes[id].contains(.rightStrip)))
    }

    let escapedSpaces = metadata.preTokenizer?.escapesSpaces ?? true
    var pieces = FlatStrings()
    for id in 0..<count {
      pieces.append(
        Self.piece(
          text: texts[id], string: metadata.tokens[id], attributes: attributes[id],
          escapedSpaces: escapedSpaces))
    }

    if let preTokenizer = metadata.preTokenizer {
      let model = BytePairModel(
        tokens: metadata.tokens.enumerated().map { $1.isEmpty ? "[EMPTY_\($0)]" : $1 },
        merges: metadata.merges, spelling: preTokenizer.spelling,
        ignoresMerges: preTokenizer.ignoresMerges, keepsNewlineRuns: preTokenizer.keepsNewlineRuns)
      encoder = .bytePair(model, preTokenizer)
    } else {
      encoder = .sentencePiece(
        SentencePieceModel(tokens: texts, scores: metadata.scores, unknownID: metadata.unknownID))
    }
    self.model = metadata.model
    self.preTokenizerName = metadata.preTokenizer?.name
    self.texts = FlatStrings(texts)
    self.kinds = metadata.kinds
    self.attributes = attributes
    self.pieces = pieces
    self.specials = SpecialTokenSplitter(entries: entries)
    self.bosID = metadata.bosID
    self.eosID = metadata.eosID
    self.unknownID = metadata.unknownID
    self.addsBOS = metadata.addsBOS
    self.addsSpacePrefix = metadata.addsSpacePrefix
  }

  /// llama.cpp's `token_to_piece(special: true)`: special and user-defined tokens are their
  /// own text, normal tokens their decoded text (`▁` as a space, or GPT-2's byte spelling
  /// undone), byte tokens their byte, others nothing.
  private static func piece(
    text: [UInt8], string: String, attributes: TokenAttributes, escapedSpaces: Bool
  ) -> [UInt8] {
    if !attributes.isDisjoint(with: [.control, .unknown, .userDefined]) { return text }
    if attributes.contains(.normal) {
      return escapedSpaces ? unescapeSpaces(text) : ByteLevel.decodeForPiece(string)
    }
    if attributes.contains(.byte) { return [byteValue(of: text)] }
    return []
  }

  /// `▁` (U+2581) back to a space.
  static func unescapeSpaces(_ text: [UInt8]) -> [UInt8] {
    var result: [UInt8] = []
    result.reserveCapacity(text.count)
    var index = 0
    while index < text.count {
      if index + 2 < text.count && text[index] == 0xE2 && text[index + 1] == 0x96
        && text[index + 2] == 0x81
      {
        result.append(0x20)
        index += 3
      } else {
        result.append(text[index])
        index += 1
      }
    }
    return result
  }

  /// The byte of a `<0xNN>` token (llama.cpp reads the two characters after `<0x` as hex).
  private static func byteValue(of text: [UInt8]) -> UInt8 {
    var value = 0
    for character in text.dropFirst(3).prefix(2) {
      guard let digit = Int(String(UnicodeScalar(character)), radix: 16) else { break }
      value = value * 16 + digit
    }
    return UInt8(truncatingIfNeeded: value)
  }
}
