/// The `tokenizer.ggml.*` metadata of a GGUF file, read with llama.cpp's defaults for whatever
/// a file leaves out (`llama_vocab::impl::load`).
struct VocabularyMetadata {
  /// `tokenizer.ggml.model`: `gpt2` or `llama`.
  let model: String
  /// The pre-tokenizer (byte-level BPE); nil for SentencePiece.
  let preTokenizer: PreTokenizer?
  let tokens: [String]
  let scores: [Float]
  let kinds: [TokenKind]
  let merges: [String]
  let bosID: Int32?
  let eosID: Int32?
  let unknownID: Int32?
  /// `tokenizer.ggml.eot_token_id` / `eom_token_id`, when the file names them.
  let endOfTurnID: Int32?
  let endOfMessageID: Int32?
  let addsBOS: Bool
  let addsSpacePrefix: Bool
  /// `general.name`, `general.architecture`, `tokenizer.ggml.pre`, for llama.cpp's per-model
  /// token attribute rules.
  let modelName: String
  let architecture: String
  let preName: String
  /// Every metadata key of the file.
  private let keys: Set<String>

  /// The tokenizer families this reader implements.
  static let supportedModels = [
    "gpt2 (byte-level BPE)", "gemma4 (BPE over UTF-8)", "llama (SentencePiece)",
  ]

  init(file: GGUFFile) throws {
    let path = file.path
    model = try file.string("tokenizer.ggml.model")
    preName = try Self.optional(file, "tokenizer.ggml.pre") { try file.string($0) } ?? ""
    tokens = try file.stringArray("tokenizer.ggml.tokens")
    let count = tokens.count
    guard count > 0 else {
      throw TokenizerError.badMetadata(
        file: path, key: "tokenizer.ggml.tokens", problem: "is an empty list")
    }
    scores =
      try Self.optional(file, "tokenizer.ggml.scores") { try file.floatArray($0) }
      ?? [Float](repeating: 0, count: count)
    let types =
      try Self.optional(file, "tokenizer.ggml.token_type") { try file.intArray($0) }
      ?? [Int](repeating: TokenKind.normal.rawValue, count: count)
    for (key, length) in [
      ("tokenizer.ggml.scores", scores.count),
      ("tokenizer.ggml.token_type", types.count),
    ] where length < count {
      throw TokenizerError.badMetadata(
        file: path, key: key, problem: "has \(length) entries for \(count) tokens")
    }
    kinds = types.prefix(count).map { TokenKind(rawType: $0) }

    var bos: Int32?
    var eos: Int32?
    var unknown: Int32?
    var addsBOS: Bool
    var addsSpacePrefix: Bool
    switch model {
    case "llama":
      preTokenizer = nil
      merges = []
      (bos, eos, unknown) = (1, 2, 0)
      addsBOS = true
      addsSpacePrefix = true
    case "gpt2", "gemma4":
      // A gemma4 vocabulary always gets Gemma 4's pre-tokenizer, and no default special ids.
      let name = model == "gemma4" ? "gemma4" : preName
      guard let pre = PreTokenizer.named(name) else {
        throw TokenizerError.unsupportedPreTokenizer(
          file: path, pre: preName, supported: PreTokenizer.supportedNames)
      }
      preTokenizer = pre
      merges = try file.stringArray("tokenizer.ggml.merges")
      if model == "gemma4" {
        (bos, eos, unknown) = (nil, nil, nil)
      } else {
        (bos, eos, unknown) = (pre.clearsBOS ? nil : 11, 11, nil)
      }
      addsBOS = pre.addsBOSByDefault
      addsSpacePrefix = false
    default:
      throw TokenizerError.unsupportedModel(
        file: path, model: model, supported: Self.supportedModels)
    }
    if let value = try Self.optional(file, "tokenizer.ggml.add_space_prefix", { try file.bool($0) })
    {
      addsSpacePrefix = value
    }
    // A default id outside the vocabulary is no id; a file's id outside it is ignored.
    func special(_ key: String, _ fallback: Int32?) throws -> Int32? {
      var id = fallback.flatMap { Int($0) < count ? $0 : nil }
      if let value = try Self.optional(file, key, { try file.int($0) }), (0..<count).contains(value)
      {
        id = Int32(value)
      }
      return id
    }
    bosID = try special("tokenizer.ggml.bos_token_id", bos)
    eosID = try special("tokenizer.ggml.eos_token_id", eos)
    unknownID = try special("tokenizer.ggml.unknown_token_id", unknown)
    endOfTurnID = try special("tokenizer.ggml.eot_token_id", nil)
    endOfMessageID = try special("tokenizer.ggml.eom_token_id", nil)
    if let value = try Self.optional(file, "tokenizer.ggml.add_bos_token", { try file.bool($0) }) {
      addsBOS = value
    }
    if preTokenizer?.forcesBOS == true { addsBOS = true }
    self.addsBOS = addsBOS && bosID != nil
    // Only SentencePiece puts a space in front; llama.cpp ignores the key for BPE.
    self.addsSpacePrefix = preTokenizer == nil && addsSpacePrefix
    modelName = try Self.optional(file, "general.name") { try file.string($0) } ?? ""
    architecture = file.architecture ?? ""
    keys = Set(file.metadataKeys)
  }

  /// Whether the file has metadata `key`.
  func fileHasKey(_ key: String) -> Bool {
    keys.contains(key)
  }

  /// The value at `key` read with `read`, or nil when the key is absent.
  private static func optional<T>(
    _ file: GGUFFile, _ key: String, _ read: (String) throws -> T
  ) throws -> T? {
    file.metadata[key] == nil ? nil : try read(key)
  }
}
