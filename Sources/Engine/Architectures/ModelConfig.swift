/// The hyper-parameters of a supported model, read from its GGUF metadata.
///
/// What differs between architectures is in `architecture` (an `ArchitectureDescription`);
/// the numbers here are the file's. Every key under the architecture's prefix is either read
/// here (`commonKeys`, the description's `keys`) or the file is refused, naming the key.
public struct ModelConfig: Sendable, Equatable, Codable {
  /// How RoPE pairs the dimensions of a head.
  public enum RopePairing: String, Sendable, Codable {
    /// (2i, 2i+1): llama GGUF files (the converter permuted Q and K into this order).
    case adjacent
    /// (i, i + n/2): gemma3 (ggml's NEOX mode).
    case halves
  }
  /// The gate activation of the feed-forward network.
  public enum Activation: String, Sendable, Codable { case silu, geluTanh = "gelu-tanh" }

  public var architecture: ArchitectureDescription
  public var layerCount: Int
  /// Width of the residual stream, d.
  public var embeddingLength: Int
  public var feedForwardLength: Int
  public var headCount: Int
  public var kvHeadCount: Int
  /// Query/key width per head.
  public var headDimension: Int
  /// Value width per head.
  public var valueDimension: Int
  /// Dimensions of each head that RoPE rotates.
  public var ropeDimensionCount: Int
  /// RoPE base of global layers.
  public var ropeBase: Float
  /// RoPE base of sliding-window layers (gemma3: `rope.freq_base_swa`, 10000 by default).
  public var ropeBaseSliding: Float
  /// Linear RoPE position scale of global layers (1 / `rope.scaling.factor`; 1 without).
  public var ropeFrequencyScale: Float
  /// Linear RoPE position scale of sliding-window layers (1: gemma3 scales only its global
  /// layers; gemma2 scales all alike).
  public var ropeFrequencyScaleSliding: Float
  public var ropePairing: RopePairing { architecture.ropePairing }
  public var activation: Activation { architecture.activation }
  public var normEpsilon: Float
  public var contextLength: Int
  public var vocabularySize: Int
  /// Sliding-window width of local layers, nil for models without them. Settable so tests can
  /// shrink it.
  public var slidingWindow: Int?
  /// Every `slidingPattern`-th layer (il % pattern == pattern - 1) is global; 0: all global.
  public var slidingPattern: Int
  /// 1/sqrt(head dimension) (gemma3 27B: another width): applied to queries after RoPE or to
  /// q·k, as `architecture.scalesQueriesAfterRope` says.
  public var attentionScale: Float
  /// Factor applied to the input embedding (1; sqrt(d) where `architecture.scalesEmbedding`).
  public var embeddingScale: Float
  /// Attention scores become `cap * tanh(s / cap)` before the scale and the softmax (gemma2);
  /// nil: no capping.
  public var attentionSoftCap: SoftCap?
  /// Logits become `cap * tanh(z / cap)` after the output matrix (gemma2); nil: no capping.
  public var finalLogitSoftCap: SoftCap?

  /// Whether layer `layer` attends through a sliding window.
  public func isSliding(layer: Int) -> Bool {
    guard slidingWindow != nil, slidingPattern > 0 else { return false }
    return layer % slidingPattern != slidingPattern - 1
  }

  /// Keys (after `<architecture>.`) that every architecture reads, or whose value is checked
  /// to be one that changes nothing.
  public static let commonKeys: Set<String> = [
    "context_length", "embedding_length", "block_count", "feed_forward_length",
    "attention.head_count", "attention.head_count_kv", "attention.key_length",
    "attention.value_length", "attention.layer_norm_rms_epsilon", "rope.dimension_count",
    "rope.freq_base", "rope.scaling.type", "rope.scaling.factor", "rope.scale_linear",
    "rope.scaling.attn_factor", "rope.scaling.original_context_length", "rope.scaling.finetuned",
    "vocab_size", "expert_count", "expert_used_count",
  ]

  /// Reads the configuration of `file`; unknown architectures, unknown keys of a known one,
  /// and missing or absurd hyper-parameters are errors naming the key.
  public init(file: GGUFFile) throws {
    let name = try file.string("general.architecture")
    guard let architecture = ArchitectureDescription.named(name) else {
      throw ArchitectureError.unsupportedArchitecture(file: file.path, name: name)
    }
    let metadata = MetadataReader(file: file, prefix: name)
    let known = Self.commonKeys.union(architecture.keys)
    for key in file.metadataKeys where key.hasPrefix(name + ".") {
      let suffix = String(key.dropFirst(name.count + 1))
      guard known.contains(suffix) else {
        throw ArchitectureError.unknownKey(file: file.path, key: key, architecture: name)
      }
    }
    for key in ["expert_count", "expert_used_count"] {
      let experts = try metadata.number(key, default: 0)
      guard experts == 0 else {
        throw metadata.unsupported(key, "mixture-of-experts blocks (\(Int(experts)) experts)")
      }
    }

    self.architecture = architecture
    layerCount = try metadata.size("block_count")
    embeddingLength = try metadata.size("embedding_length")
    feedForwardLength = try metadata.size("feed_forward_length")
    headCount = try metadata.size("attention.head_count")
    kvHeadCount = try metadata.size("attention.head_count_kv", default: headCount)
    guard headCount % kvHeadCount == 0 else {
      throw metadata.problem(
        "attention.head_count_kv",
        "is \(kvHeadCount), which does not divide the \(headCount) query heads")
    }
    headDimension = try metadata.size("attention.key_length", default: embeddingLength / headCount)
    valueDimension = try metadata.size("attention.value_length", default: headDimension)
    ropeDimensionCount = try metadata.size("rope.dimension_count", default: headDimension)
    guard ropeDimensionCount <= headDimension, ropeDimensionCount % 2 == 0 else {
      throw metadata.problem(
        "rope.dimension_count",
        "is \(ropeDimensionCount), expected an even number up to \(headDimension)")
    }
    ropeBase = try metadata.number("rope.freq_base", default: 10_000)
    ropeBaseSliding = ropeBase
    ropeFrequencyScale = try Self.ropeScale(metadata)
    ropeFrequencyScaleSliding = 1
    normEpsilon = try metadata.number("attention.layer_norm_rms_epsilon")
    contextLength = try metadata.size("context_length")
    let embedding = try file.tensor(named: "token_embd.weight")
    guard embedding.shape.count == 2, embedding.shape[0] == embeddingLength else {
      throw ArchitectureError.wrongShape(
        file: file.path, tensor: embedding.name, expected: [embeddingLength, -1],
        found: embedding.shape)
    }
    vocabularySize = embedding.shape[1]
    slidingWindow = nil
    slidingPattern = 0
    attentionScale = 1 / Float(headDimension).squareRoot()
    embeddingScale = architecture.scalesEmbedding ? Float(embeddingLength).squareRoot() : 1
    attentionSoftCap = nil
    finalLogitSoftCap = nil
    try architecture.readExtras(&self, metadata)
  }

  /// The linear RoPE scale as llama.cpp reads it: `rope.scaling.type` defaults to linear,
  /// the factor (or the older `rope.scale_linear`) applies unless the type is `none`, and the
  /// types lenscribe does not apply (yarn, longrope) are refused.
  private static func ropeScale(_ metadata: MetadataReader) throws -> Float {
    let type = try metadata.string("rope.scaling.type", default: "linear")
    guard type == "linear" || type == "none" else {
      throw metadata.unsupported("rope.scaling.type", "RoPE scaling '\(type)' (lenscribe applies none and linear)")
    }
    let attentionFactor = try metadata.number("rope.scaling.attn_factor", default: 1)
    guard attentionFactor == 1 else {
      throw metadata.unsupported("rope.scaling.attn_factor", "a RoPE attention factor of \(attentionFactor)")
    }
    let factorKey = metadata.value("rope.scaling.factor") != nil ? "rope.scaling.factor" : "rope.scale_linear"
    let factor = try metadata.number(factorKey, default: 0)
    guard type == "linear", factor != 0 else { return 1 }
    guard factor > 0, factor.isFinite else { throw metadata.problem(factorKey, "is \(factor), expected a positive factor") }
    return Float(1 / Double(factor))
  }
}
