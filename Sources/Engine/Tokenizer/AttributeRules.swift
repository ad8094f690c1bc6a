/// The corrections llama.cpp makes to token attributes after loading them, which decide which
/// tokens are cut out of raw text as special tokens and how they are decoded.
///
/// GGUF files do not carry every attribute, so llama.cpp recognises end-of-turn and
/// fill-in-the-middle markers by their text and makes them control tokens, and sets the
/// whitespace-stripping flags of a few model families by name. These rules repeat that.
enum AttributeRules {
  /// End-of-generation markers: made control tokens wherever they appear.
  static let endOfGeneration: Set<String> = [
    "<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>", "<|flush|>", "<|calls|>",
    "<end_of_turn>", "<|endoftext|>", "</s>", "<|eom_id|>", "<EOT>", "_<EOT>", "[EOT]", "[EOS]",
    "<|end_of_text|>", "<end_of_utterance>", "<eos>", "<turn|>", "<|tool_response>",
    "<｜end▁of▁sentence｜>", "[e~[",
  ]

  /// Fill-in-the-middle markers, by the metadata key that would name them instead.
  static let fillInTheMiddle: [(key: String, names: Set<String>)] = [
    (
      "tokenizer.ggml.fim_pre_token_id",
      [
        "<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>", "<｜fim▁begin｜>", "<PRE>", "▁<PRE>",
        "<|code_prefix|>", "<|prefix|>",
      ]
    ),
    (
      "tokenizer.ggml.fim_suf_token_id",
      [
        "<|fim_suffix|>", "<fim-suffix>", "<fim_suffix>", "<｜fim▁hole｜>", "<SUF>", "▁<SUF>",
        "<|code_suffix|>", "<|suffix|>",
      ]
    ),
    (
      "tokenizer.ggml.fim_mid_token_id",
      [
        "<|fim_middle|>", "<fim-middle>", "<fim_middle>", "<｜fim▁end｜>", "<MID>", "▁<MID>",
        "<|code_middle|>", "<|middle|>",
      ]
    ),
    (
      "tokenizer.ggml.fim_pad_token_id",
      ["<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]"]
    ),
    (
      "tokenizer.ggml.fim_rep_token_id",
      [
        "<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>",
      ]
    ),
    ("tokenizer.ggml.fim_sep_token_id", ["<|file_sep|>"]),
  ]

  /// gpt-oss markers that llama.cpp always renders as text.
  static let alwaysUserDefined: Set<String> = [
    "<|channel|>", "<|message|>", "<|start|>", "<|constrain|>",
  ]

  static func apply(
    to attributes: inout [TokenAttributes], texts: [[UInt8]], metadata: VocabularyMetadata
  ) {
    // llama.cpp's token_to_id: the last id of each text.
    var idOfName: [String: Int] = [:]
    let names = endOfGeneration.union(alwaysUserDefined)
      .union(fillInTheMiddle.flatMap(\.names))
      .union(["<|plamo:eos|>", "<unk>", "<s>", "<mask>", "[MASK]"])
    let firstBytes = Set(names.compactMap(\.utf8.first))
    for (id, text) in texts.enumerated() where firstBytes.contains(text.first ?? 0) {
      let string = String(decoding: text, as: UTF8.self)
      if names.contains(string) { idOfName[string] = id }
    }

    for (key, fimNames) in fillInTheMiddle where metadata.fileHasKey(key) == false {
      for name in fimNames { if let id = idOfName[name] { attributes[id].insert(.control) } }
    }
    var endIDs = Set(
      [metadata.eosID, metadata.endOfTurnID, metadata.endOfMessageID].compactMap {
        $0.map(Int.init)
      })
    for name in endOfGeneration {
      if let id = idOfName[name] {
        attributes[id].insert(.control)
        endIDs.insert(id)
      }
    }
    for name in alwaysUserDefined {
      if let id = idOfName[name] { attributes[id] = .userDefined }
    }
    let endTexts = Set(endIDs.map { String(decoding: texts[$0], as: UTF8.self) })
    let hasCall = endTexts.contains("<|call|>") || endTexts.contains("<|calls|>")
    if endTexts.contains("<|end|>") && hasCall
      && (endTexts.contains("<|return|>") || endTexts.contains("<|flush|>")),
      let id = endIDs.first(where: { String(decoding: texts[$0], as: UTF8.self) == "<|end|>" })
    {
      attributes[id] = .userDefined
    }
    if endTexts.contains("</s>")
      && (endTexts.contains("<|tool_response>") || endTexts.contains("<|plamo:eos|>")),
      let id = endIDs.first(where: { String(decoding: texts[$0], as: UTF8.self) == "</s>" })
    {
      attributes[id] = .normal
    }
    applyModelRules(to: &attributes, idOfName: idOfName, metadata: metadata)
  }

  /// Whitespace stripping by model family (llama.cpp keys these on names in the metadata).
  private static func applyModelRules(
    to attributes: inout [TokenAttributes], idOfName: [String: Int], metadata: VocabularyMetadata
  ) {
    let name = metadata.modelName.lowercased()
    let pre = metadata.preName
    if ["jina-v2-de", "jina-v2-es", "jina-v2-code"].contains(where: pre.contains)
      || ["nomic-bert-moe", "jina-bert-v3"].contains(where: metadata.architecture.contains)
    {
      if let id = idOfName["<mask>"] { attributes[id].insert(.leftStrip) }
    } else if name.contains("phi-3") || name.contains("phi3") {
      for id in attributes.indices where !attributes[id].isDisjoint(with: .special) {
        attributes[id].insert(.rightStrip)
      }
      if let id = idOfName["</s>"] { attributes[id].insert(.rightStrip) }
      for token in ["<unk>", "<s>", "<|endoftext|>"] {
        if let id = idOfName[token] { attributes[id].remove(.rightStrip) }
      }
    } else if name.contains("modern-bert") {
      if let id = idOfName["[MASK]"] { attributes[id].insert(.leftStrip) }
    }
  }
}
