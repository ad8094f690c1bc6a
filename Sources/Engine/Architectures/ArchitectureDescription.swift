/// What sets one architecture apart from the others, as data.
///
/// The forward pass reads these fields and never asks which architecture it runs, so a new
/// dense architecture is one more value in `all` (in a file of its own, as `Llama.swift` and
/// `Gemma3.swift`), plus a kernel only for an operation that no architecture had before.
///
/// Nothing in a file is ignored in silence: every metadata key under the architecture's
/// prefix must be one that lenscribe reads (`ModelConfig.commonKeys` or `keys` here), and
/// every tensor must be one the forward pass loads or one listed in `unusedTensors`.
public struct ArchitectureDescription: Sendable, CustomStringConvertible {
  /// `general.architecture` in GGUF files, and the prefix of the architecture's keys.
  public let name: String
  /// How RoPE pairs the dimensions of a head.
  public let ropePairing: ModelConfig.RopePairing
  /// The gate activation of the feed-forward network.
  public let activation: ModelConfig.Activation
  /// Per-head RMSNorm of queries and keys before RoPE (`attn_q_norm`, `attn_k_norm`).
  public let normsQueriesAndKeys: Bool
  /// RMSNorm of each sublayer's output before the residual add (`post_attention_norm`,
  /// `post_ffw_norm`).
  public let normsSublayerOutputs: Bool
  /// The input embedding is multiplied by sqrt(d).
  public let scalesEmbedding: Bool
  /// Queries are multiplied by the attention scale after RoPE and q·k is not scaled again
  /// (llama.cpp's gemma3 graph); otherwise q·k is multiplied by the scale.
  public let scalesQueriesAfterRope: Bool
  /// Whether a `rope_freqs.weight` tensor of per-pair RoPE frequency factors (Llama 3.1 and
  /// later) is applied. Where false, such a tensor is refused like any unknown one.
  public let appliesRopeFrequencyFactors: Bool
  /// Biases added to the query, key and value projections (`attn_q.bias`, `attn_k.bias`,
  /// `attn_v.bias`), required where true and refused like any unknown tensor where false.
  public let biasesQueriesKeysValues: Bool
  /// The output matrix is always the embedding: an `output.weight` tensor is refused like any
  /// unknown one (llama.cpp never reads it for gemma2).
  public let tiesOutputAlways: Bool
  /// Queries, keys and values come from one `attn_qkv` matrix (their rows in that order), and
  /// the FFN's gate and up from one `ffn_up` of twice the width (the gate first), as in phi3.
  public let fusesProjections: Bool
  /// Keys (after `name.`) that only this architecture reads, in `readExtras`.
  public let keys: Set<String>
  /// Tensors that may be in a file of this architecture but that its forward pass does not
  /// use (per-block names without the `blk.N.` prefix), each known to change nothing.
  public let unusedTensors: Set<String>
  /// Reads what only this architecture has (sliding windows, scale rules) into `config`,
  /// after the common hyper-parameters.
  let readExtras: @Sendable (inout ModelConfig, MetadataReader) throws -> Void

  /// A description; the flags default to what plain llama does, so a new architecture names
  /// only what sets it apart.
  init(
    name: String, ropePairing: ModelConfig.RopePairing, activation: ModelConfig.Activation,
    normsQueriesAndKeys: Bool = false, normsSublayerOutputs: Bool = false,
    scalesEmbedding: Bool = false, scalesQueriesAfterRope: Bool = false,
    appliesRopeFrequencyFactors: Bool = false, biasesQueriesKeysValues: Bool = false,
    tiesOutputAlways: Bool = false, fusesProjections: Bool = false,
    keys: Set<String> = [], unusedTensors: Set<String> = [],
    readExtras: @escaping @Sendable (inout ModelConfig, MetadataReader) throws -> Void = {
      _, _ in
    }
  ) {
    self.name = name
    self.ropePairing = ropePairing
    self.activation = activation
    self.normsQueriesAndKeys = normsQueriesAndKeys
    self.normsSublayerOutputs = normsSublayerOutputs
    self.scalesEmbedding = scalesEmbedding
    self.scalesQueriesAfterRope = scalesQueriesAfterRope
    self.appliesRopeFrequencyFactors = appliesRopeFrequencyFactors
    self.biasesQueriesKeysValues = biasesQueriesKeysValues
    self.tiesOutputAlways = tiesOutputAlways
    self.fusesProjections = fusesProjections
    self.keys = keys
    self.unusedTensors = unusedTensors
    self.readExtras = readExtras
  }

  public var description: String { name }

  /// Every architecture lenscribe runs.
  public static let all: [ArchitectureDescription] = [
    .llama, .qwen2, .qwen3, .phi3, .gemma2, .gemma3,
  ]

  /// The architecture called `name` in GGUF files, if lenscribe runs it.
  public static func named(_ name: String) -> ArchitectureDescription? {
    all.first { $0.name == name }
  }
}

extension ArchitectureDescription: Equatable {
  public static func == (a: Self, b: Self) -> Bool { a.name == b.name }
}

extension ArchitectureDescription: Codable {
  public init(from decoder: any Decoder) throws {
    let name = try decoder.singleValueContainer().decode(String.self)
    guard let architecture = Self.named(name) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "unknown architecture '\(name)'"))
    }
    self = architecture
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(name)
  }
}
