/// What a vocabulary entry is, from `tokenizer.ggml.token_type` (llama.cpp's token types).
public enum TokenKind: Int, Sendable, CaseIterable {
  /// Type 0, or any value GGUF does not define.
  case undefined = 0
  /// Ordinary text.
  case normal = 1
  /// The unknown-token stand-in (`<unk>`).
  case unknown = 2
  /// Control tokens: BOS, EOS, chat markers. They have no text of their own.
  case control = 3
  /// Added tokens matched in raw text before pre-tokenization (e.g. Gemma's runs of newlines).
  case userDefined = 4
  /// Reserved, never produced.
  case unused = 5
  /// SentencePiece byte fallback, `<0xNN>`.
  case byte = 6

  /// The kind for a raw `token_type` value.
  init(rawType: Int) {
    self = TokenKind(rawValue: rawType) ?? .undefined
  }
}

/// llama.cpp's per-token attributes: the kind as a flag, plus flags the loader adds.
struct TokenAttributes: OptionSet, Sendable {
  let rawValue: UInt16

  static let undefined = TokenAttributes(rawValue: 1 << 0)
  static let unknown = TokenAttributes(rawValue: 1 << 1)
  static let unused = TokenAttributes(rawValue: 1 << 2)
  static let normal = TokenAttributes(rawValue: 1 << 3)
  static let control = TokenAttributes(rawValue: 1 << 4)
  static let userDefined = TokenAttributes(rawValue: 1 << 5)
  static let byte = TokenAttributes(rawValue: 1 << 6)
  /// Whitespace left of a matched special token is removed.
  static let leftStrip = TokenAttributes(rawValue: 1 << 8)
  /// Whitespace right of a matched special token is removed.
  static let rightStrip = TokenAttributes(rawValue: 1 << 9)

  /// Attributes that have no text in a decoded string.
  static let textless: TokenAttributes = [.control, .unknown]
  /// Attributes of tokens that are matched in raw text as a whole (when parsing special tokens).
  static let special: TokenAttributes = [.control, .userDefined, .unknown]

  /// The attribute of a token kind.
  init(kind: TokenKind) {
    switch kind {
    case .undefined: self = .undefined
    case .normal: self = .normal
    case .unknown: self = .unknown
    case .control: self = .control
    case .userDefined: self = .userDefined
    case .unused: self = .unused
    case .byte: self = .byte
    }
  }

  init(rawValue: UInt16) {
    self.rawValue = rawValue
  }
}
