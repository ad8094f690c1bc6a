/// A model's tokenizer, built from its GGUF file's metadata alone, giving the ids llama.cpp
/// gives.
///
/// Two families: `tokenizer.ggml.model = "gpt2"`, byte-level BPE with the pre-tokenizer named by
/// `tokenizer.ggml.pre` (SmolLM2, Llama 3, GPT-2, Qwen 2, StarCoder, DeepSeek, Falcon, ...; and
/// `"gemma4"`, BPE over UTF-8 with `▁` for spaces), and `"llama"`, SentencePiece with byte
/// fallback (Llama 2, Mistral, TinyLlama, Gemma 3).
///
/// **BOS** is never implicit: every `encode` says whether to put the BOS token first, and
/// `addsBOSByDefault` is what the model's own metadata asks for (what llama.cpp does with
/// `add_special`). SmolLM2 does not add one; Gemma 3 does.
///
/// **Defined behaviour for any input.** Empty input gives no tokens (only BOS if asked for).
/// Invalid UTF-8 is read as llama.cpp reads it: byte-level BPE sees each bad byte as U+FFFD;
/// SentencePiece keeps the bytes and emits them as byte tokens. Time is linear in the input.
///
/// **Display form** (`displayPiece`), one scheme for every report:
/// - text is shown as it is, except: space `␣`, newline `↵`, carriage return `␍`, tab `⇥`;
/// - other invisible characters (controls, format characters, spaces other than U+0020,
///   line and paragraph separators) as `<U+XXXX>`;
/// - a byte that is not part of a complete UTF-8 character in the token (byte tokens, pieces of
///   a split character) as `<0xNN>`;
/// - control and unknown tokens in angle quotes: BOS as `⟨BOS⟩`, EOS as `⟨EOS⟩`, any other as
///   its vocabulary text, e.g. `⟨<|endoftext|>⟩` or `⟨<start_of_turn>⟩`; an id outside the
///   vocabulary as `⟨?id⟩`.
public final class Tokenizer: Sendable {
  let vocabulary: Vocabulary

  /// Builds the tokenizer of `file`; throws `TokenizerError` (or `GGUFError` for a missing or
  /// mistyped key) when the metadata describes a tokenizer that cannot be built.
  public init(file: GGUFFile) throws {
    vocabulary = try Vocabulary(file: file)
  }

  /// Number of tokens in the vocabulary.
  public var vocabularySize: Int { vocabulary.count }
  /// The BOS token, if the vocabulary has one.
  public var bosID: Int? { vocabulary.bosID.map(Int.init) }
  /// The EOS token, if the vocabulary has one.
  public var eosID: Int? { vocabulary.eosID.map(Int.init) }
  /// Whether the model's metadata asks for BOS at the start of a prompt.
  public var addsBOSByDefault: Bool { vocabulary.addsBOS }
  /// Whether SentencePiece text gets a leading space (`tokenizer.ggml.add_space_prefix`).
  public var addsSpacePrefix: Bool { vocabulary.addsSpacePrefix }
  /// A short name of the tokenizer: `"bpe/smollm"`-style for byte-level BPE (with the
  /// pre-tokenizer family), `"sentencepiece"` for SentencePiece.
  public var summary: String {
    vocabulary.preTokenizerName.map { "bpe/\($0)" } ?? "sentencepiece"
  }

  /// Whether a prompt gets BOS: `bos` when given (a block's `bos:`, `--bos`/`--no-bos`),
  /// otherwise what the model asks for. The one place this rule is written.
  public func addsBOS(_ bos: Bool?) -> Bool { bos ?? addsBOSByDefault }

  /// The ids of `text`, with BOS as `addsBOS(bos)` says.
  public func encode(_ text: String, bos: Bool?, parseSpecial: Bool = false) -> [Int] {
    encode(text, addBOS: addsBOS(bos), parseSpecial: parseSpecial)
  }

  /// The ids of `text`; BOS first when `addBOS` (and the vocabulary has one). With
  /// `parseSpecial`, control tokens written in the text (`<|im_start|>`) become those tokens;
  /// without, they are ordinary text. User-defined tokens are always matched, as in llama.cpp.
  public func encode(_ text: String, addBOS: Bool, parseSpecial: Bool = false) -> [Int] {
    encode(bytes: Array(text.utf8), addBOS: addBOS, parseSpecial: parseSpecial)
  }

  /// The ids of `bytes` (UTF-8, invalid sequences allowed); see `encode(_:addBOS:parseSpecial:)`.
  public func encode(bytes: [UInt8], addBOS: Bool, parseSpecial: Bool = false) -> [Int] {
    var output: [Int32] = []
    output.reserveCapacity(bytes.count / 3 + 2)
    if addBOS, let bos = vocabulary.bosID { output.append(bos) }
    bytes.withUnsafeBytes { text in
      let fragments = vocabulary.specials.split(text, parseSpecial: parseSpecial)
      switch vocabulary.encoder {
      case .bytePair(let model, let preTokenizer):
        var encoder = BytePairSession(model: model, preTokenizer: preTokenizer)
        for fragment in fragments {
          switch fragment {
          case .token(let id): output.append(id)
          case .text(let range):
            encoder.encode(UnsafeRawBufferPointer(rebasing: text[range]), into: &output)
          }
        }
      case .sentencePiece(let model):
        var work = SPMWork()
        var escaped: [UInt8] = []
        var afterSpecial = true
        for fragment in fragments {
          switch fragment {
          case .token(let id):
            output.append(id)
            afterSpecial = true
          case .text(let range):
            escaped.removeAll(keepingCapacity: true)
            if vocabulary.addsSpacePrefix && afterSpecial { escaped += [0xE2, 0x96, 0x81] }
            for byte in text[range] {
              if byte == 0x20 { escaped += [0xE2, 0x96, 0x81] } else { escaped.append(byte) }
            }
            escaped.withUnsafeBytes { model.encode($0, into: &output, work: &work) }
            afterSpecial = false
          }
        }
      }
    }
    return output.map(Int.init)
  }

  /// The text `ids` stand for: each token's bytes in order. Control and unknown tokens (BOS,
  /// EOS, ...) have no text; the leading space SentencePiece adds (`addsSpacePrefix`) is
  /// removed, so `decode(encode(t, addBOS: b))` gives back any valid UTF-8 `t` that has no
  /// special token text in it.
  public func decode(_ ids: [Int]) -> [UInt8] {
    var bytes: [UInt8] = []
    for id in ids where vocabulary.kinds.indices.contains(id) {
      if !vocabulary.attributes[id].isDisjoint(with: .textless) { continue }
      bytes += vocabulary.pieces[id]
    }
    if vocabulary.addsSpacePrefix, bytes.first == 0x20 { bytes.removeFirst() }
    return bytes
  }

  /// The exact bytes token `id` stands for in text (special tokens: their vocabulary text;
  /// an id outside the vocabulary: none).
  public func pieceBytes(_ id: Int) -> [UInt8] {
    guard vocabulary.kinds.indices.contains(id) else { return [] }
    return Array(vocabulary.pieces[id])
  }

  /// `pieceBytes(id)` as a string (bytes that are not valid UTF-8 become U+FFFD).
  public func piece(_ id: Int) -> String {
    String(decoding: pieceBytes(id), as: UTF8.self)
  }

  /// The vocabulary's own spelling of token `id` (`"Ġthe"`, `"▁the"`, `"<0x0A>"`).
  public func vocabularyText(_ id: Int) -> String {
    guard vocabulary.kinds.indices.contains(id) else { return "" }
    return String(decoding: vocabulary.texts[id], as: UTF8.self)
  }

  /// The kind of token `id` as the file records it (`undefined` outside the vocabulary).
  public func kind(of id: Int) -> TokenKind {
    vocabulary.kinds.indices.contains(id) ? vocabulary.kinds[id] : .undefined
  }
}
