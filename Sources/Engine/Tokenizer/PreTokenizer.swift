/// A BPE pre-tokenizer: the patterns that cut text into words before merging, chosen by
/// `tokenizer.ggml.pre`, with the flags llama.cpp attaches to each (whole words that are in the
/// vocabulary skip merging; some add BOS by default; Gemma 4's spells spaces as `▁`).
struct PreTokenizer: Sendable {
  /// The family name (the first `pre` name of the group).
  let name: String
  /// The patterns, applied one after another.
  let stages: [SplitStage]
  /// How the vocabulary spells text (GPT-2 byte-level, or UTF-8 with `▁`).
  let spelling: BytePairModel.Spelling
  /// A word that is itself a token is emitted whole, without merging (Llama 3).
  let ignoresMerges: Bool
  /// A run of newlines that is itself a token is emitted whole (Gemma 4).
  let keepsNewlineRuns: Bool
  /// Whether BOS is added when `tokenizer.ggml.add_bos_token` is absent.
  let addsBOSByDefault: Bool
  /// Whether BOS is added whatever the file says (llama.cpp's workaround for Gemma 4).
  let forcesBOS: Bool
  /// Whether the family has no BOS token unless the file names one (ChatGLM, GLM 4).
  let clearsBOS: Bool

  /// Whether spaces are written `▁` before pre-tokenization.
  var escapesSpaces: Bool { spelling == .utf8 }

  private init(
    _ name: String, _ stages: [SplitStage], spelling: BytePairModel.Spelling = .byteLevel,
    ignoresMerges: Bool = false, keepsNewlineRuns: Bool = false, addsBOS: Bool = false,
    forcesBOS: Bool = false, clearsBOS: Bool = false
  ) {
    self.name = name
    self.stages = stages
    self.spelling = spelling
    self.ignoresMerges = ignoresMerges
    self.keepsNewlineRuns = keepsNewlineRuns
    self.addsBOSByDefault = addsBOS || forcesBOS
    self.forcesBOS = forcesBOS
    self.clearsBOS = clearsBOS
  }

  /// The pre-tokenizer for a `tokenizer.ggml.pre` value (nil or empty: llama.cpp's default),
  /// or nil when it is not supported.
  static func named(_ pre: String?) -> PreTokenizer? {
    guard let pre, !pre.isEmpty else { return byName["default"] }
    return byName[pre]
  }

  /// Every supported `tokenizer.ggml.pre` value, sorted.
  static var supportedNames: [String] { byName.keys.sorted() }

  private static let byName: [String: PreTokenizer] = {
    var table: [String: PreTokenizer] = [:]
    for (names, tokenizer) in families {
      for name in names { table[name] = tokenizer }
    }
    return table
  }()

  /// The groups of `pre` names llama.cpp treats alike, and what they do.
  private static let families: [([String], PreTokenizer)] = [
    (
      ["default"],
      PreTokenizer(
        "default",
        [
          .run(.defaultPunctuation, leadingSpace: false), .gpt2,
          .run(.numbers, leadingSpace: false), .asciiDigitTriples,
        ])
    ),
    (
      [
        "gpt-2", "phi-2", "jina-es", "jina-de", "gigachat", "jina-v2-es", "jina-v2-de", "a.x-4.0",
        "mellum", "modern-bert", "mpt", "olmo", "jais", "trillion", "granite-docling", "exaone4",
      ],
      PreTokenizer("gpt-2", [.gpt2])
    ),
    (
      [
        "llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2",
        "jina-v5-nano",
      ],
      PreTokenizer("llama3", [.llama3(digits: 3, marks: false)], ignoresMerges: true, addsBOS: true)
    ),
    (["dbrx", "smaug-bpe"], PreTokenizer("dbrx", [.llama3(digits: 3, marks: false)])),
    (
      ["chatglm-bpe"],
      PreTokenizer("chatglm-bpe", [.llama3(digits: 3, marks: false)], clearsBOS: true)
    ),
    (
      ["glm4", "glm5"],
      PreTokenizer("glm4", [.llama3(digits: 3, marks: false)], ignoresMerges: true, clearsBOS: true)
    ),
    (
      [
        "qwen2", "deepseek-r1-qwen", "kormo", "f2llmv2", "megrez", "stablelm2", "hunyuan",
        "solar-open", "grok-2",
      ],
      PreTokenizer("qwen2", [.llama3(digits: 1, marks: false)])
    ),
    (["qwen35"], PreTokenizer("qwen35", [.llama3(digits: 1, marks: true)])),
    (
      [
        "starcoder", "refact", "command-r", "smollm", "codeshell", "exaone", "minerva-7b",
        "mellum2",
      ],
      PreTokenizer("starcoder", [.isolate(.numbers), .gpt2])
    ),
    (
      ["deepseek-llm"],
      PreTokenizer(
        "deepseek-llm",
        [
          .isolate(.newlines),
          .run(.ranges(DeepSeekClasses.letters), leadingSpace: true),
          .run(.ranges(DeepSeekClasses.punctuation), leadingSpace: true),
          .trailingWhitespace,
          .run(.ranges(DeepSeekClasses.cjk), leadingSpace: false),
          .run(.numbers, leadingSpace: false),
        ])
    ),
    (
      ["deepseek-coder"],
      PreTokenizer(
        "deepseek-coder",
        [
          .isolate(.newlines),
          .run(.letters, leadingSpace: true),
          .run(.punctuation, leadingSpace: true),
          .run(.ranges(DeepSeekClasses.cjk), leadingSpace: false),
          .isolate(.numbers),
        ])
    ),
    (
      ["falcon"],
      PreTokenizer(
        "falcon",
        [
          .run(.falconPunctuation, leadingSpace: false), .gpt2, .asciiDigitTriples,
        ])
    ),
    (
      ["gemma4", "granite-embed-multi-311m"],
      PreTokenizer(
        "gemma4", [.newlineRuns], spelling: .utf8, keepsNewlineRuns: true, forcesBOS: true)
    ),
    (["sarvam-moe"], PreTokenizer("sarvam-moe", [.newlineRuns], spelling: .utf8)),
  ]

  /// Splits `text` (UTF-8, decoded leniently) into words, each the UTF-8 bytes of its code
  /// points; calls `body` with each word in order.
  func forEachWord(in text: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
    var codePoints: [UInt32] = []
    codePoints.reserveCapacity(text.count)
    LenientUTF8.decode(text, into: &codePoints)
    let classes = CharacterClass.classify(codePoints)
    var pieces = [codePoints.count]
    var next: [Int] = []
    codePoints.withUnsafeBufferPointer { points in
      classes.withUnsafeBufferPointer { kinds in
        for stage in stages {
          next.removeAll(keepingCapacity: true)
          var start = 0
          for length in pieces {
            stage.split(points, kinds, start: start, end: start + length, into: &next)
            start += length
          }
          swap(&pieces, &next)
        }
      }
    }
    // The words are slices of the text encoded back from its code points.
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.count + 16)
    var offsets: [Int] = []
    offsets.reserveCapacity(codePoints.count + 1)
    for codePoint in codePoints {
      offsets.append(bytes.count)
      LenientUTF8.encode(codePoint, into: &bytes)
    }
    offsets.append(bytes.count)
    bytes.withUnsafeBytes { encoded in
      var start = 0
      for length in pieces {
        body(UnsafeRawBufferPointer(rebasing: encoded[offsets[start]..<offsets[start + length]]))
        start += length
      }
    }
  }
}
