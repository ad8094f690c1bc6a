/// The hyper-parameters of a supported model, read from its GGUF metadata.
///
/// `llama` covers Llama 2/3, SmolLM2, TinyLlama and Mistral-style grouped-query attention;
/// `gemma3` adds q/k norms, post-sublayer norms, embeddings scaled by sqrt(d), a GELU-tanh
/// gated FFN, and sliding-window layers (all but every sixth) with their own RoPE base.
public struct ModelConfig: Sendable, Equatable, Codable {
  /// The supported architectures.
  public enum Architecture: String, Sendable, Codable { case llama, gemma3 }
  /// How RoPE pairs the dimensions of a head.
  public enum RopePairing: String, Sendable, Codable {
    /// (2i, 2i+1): llama GGUF files (the converter permuted Q and K into this order).
    case adjacent
    /// (i, i + n/2): gemma3 (ggml's NEOX mode).
    case halves
  }
  /// The gate activation of the feed-forward network.
  public enum Activation: String, Sendable, Codable { case silu, geluTanh = "gelu-tanh" }

  public var architecture: Architecture
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
  /// RoPE base of sliding-window layers (gemma3: 10000, which the file does not store).
  public var ropeBaseSliding: Float
  /// Linear RoPE position scale (1 / `rope.scaling.factor`; 1 without scaling).
  public var ropeFrequencyScale: Float
  public var ropePairing: RopePairing
  public var normEpsilon: Float
  public var contextLength: Int
  public var vocabularySize: Int
  /// Sliding-window width of local layers, nil for models without them. Settable so tests can
  /// shrink it.
  public var slidingWindow: Int?
  /// Every `slidingPattern`-th layer (il % pattern == pattern - 1) is global; 0: all global.
  public var slidingPattern: Int
  /// Factor applied to queries after RoPE (gemma3), or to q·k (llama): 1/sqrt(head dimension).
  public var attentionScale: Float
  /// Factor applied to the input embedding (gemma3: sqrt(d)).
  public var embeddingScale: Float
  public var activation: Activation

  /// Whether layer `layer` attends through a sliding window.
  public func isSliding(layer: Int) -> Bool {
    guard slidingWindow != nil, slidingPattern > 0 else { return false }
    return layer % slidingPattern != slidingPattern - 1
  }

  /// Reads the configuration of `file`; unknown architectures and missing or absurd
  /// hyper-parameters are errors naming the key.
  public init(file: GGUFFile) throws {
    let name = try file.string("general.architecture")
    guard let architecture = Architecture(rawValue: name) else {
      throw ArchitectureError.unsupportedArchitecture(file: file.path, name: name)
    }
    func positive(_ key: String) throws -> Int {
      let value = try file.int("\(name).\(key)")
      guard value > 0, value < 1 << 24 else {
        throw ArchitectureError.badHyperParameter(
          file: file.path, key: "\(name).\(key)", problem: "is \(value), expected a positive size")
      }
      return value
    }
    func optional(_ key: String) -> GGUFValue? { file.metadata["\(name).\(key)"] }

    self.architecture = architecture
    layerCount = try positive("block_count")
    embeddingLength = try positive("embedding_length")
    feedForwardLength = try positive("feed_forward_length")
    headCount = try positive("attention.head_count")
    kvHeadCount = optional("attention.head_count_kv") == nil ? headCount : try positive("attention.head_count_kv")
    guard headCount % kvHeadCount == 0 else {
      throw ArchitectureError.badHyperParameter(
        file: file.path, key: "\(name).attention.head_count_kv",
        problem: "is \(kvHeadCount), which does not divide the \(headCount) query heads")
    }
    headDimension = optional("attention.key_length") == nil
      ? embeddingLength / headCount : try positive("attention.key_length")
    valueDimension = optional("attention.value_length") == nil
      ? headDimension : try positive("attention.value_length")
    ropeDimensionCount = optional("rope.dimension_count") == nil
      ? headDimension : try positive("rope.dimension_count")
    guard ropeDimensionCount <= headDimension, ropeDimensionCount % 2 == 0 else {
      throw ArchitectureError.badHyperParameter(
        file: file.path, key: "\(name).rope.dimension_count",
        problem: "is \(ropeDimensionCount), expected an even number up to \(headDimension)")
    }
    ropeBase = optional("rope.freq_base") == nil ? 10_000 : try file.float("\(name).rope.freq_base")
    var scale: Float = 1
    if case .string(let type)? = optional("rope.scaling.type"), type == "linear",
      let factor = optional("rope.scaling.factor")?.doubleValue, factor > 0
    {
      scale = Float(1 / factor)
    }
    ropeFrequencyScale = scale
    normEpsilon = try file.float("\(name).attention.layer_norm_rms_epsilon")
    contextLength = try positive("context_length")
    let embedding = try file.tensor(named: "token_embd.weight")
    guard embedding.shape.count == 2, embedding.shape[0] == embeddingLength else {
      throw ArchitectureError.wrongShape(
        file: file.path, tensor: embedding.name, expected: [embeddingLength, -1],
        found: embedding.shape)
    }
    vocabularySize = embedding.shape[1]

    switch architecture {
    case .llama:
      ropeBaseSliding = ropeBase
      ropePairing = .adjacent
      slidingWindow = nil
      slidingPattern = 0
      attentionScale = 1 / Float(headDimension).squareRoot()
      embeddingScale = 1
      activation = .silu
    case .gemma3:
      ropeBaseSliding = 10_000
      ropePairing = .halves
      slidingWindow = optional("attention.sliding_window") == nil ? nil : try positive("attention.sliding_window")
      slidingPattern = 6
      attentionScale = 1 / Float(headDimension).squareRoot()
      embeddingScale = Float(embeddingLength).squareRoot()
      activation = .geluTanh
    }
  }
}
