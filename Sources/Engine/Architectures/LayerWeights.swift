/// The weights of one transformer block, read in place from the GGUF file.
public struct LayerWeights: Sendable {
  public let attentionNorm: [Float]
  public let query: QuantizedMatrix
  public let key: QuantizedMatrix
  public let value: QuantizedMatrix
  public let attentionOutput: QuantizedMatrix
  /// gemma3: RMSNorm weights applied per head to queries and keys.
  public let queryNorm: [Float]?
  public let keyNorm: [Float]?
  /// gemma3: RMSNorm applied to the attention output before the residual add.
  public let postAttentionNorm: [Float]?
  public let feedForwardNorm: [Float]
  public let gate: QuantizedMatrix
  public let up: QuantizedMatrix
  public let down: QuantizedMatrix
  /// gemma3: RMSNorm applied to the FFN output before the residual add.
  public let postFeedForwardNorm: [Float]?

  /// Loads block `layer` of `file`, checking every shape against `config`.
  init(file: GGUFFile, layer: Int, config: ModelConfig) throws {
    let loader = WeightLoader(file: file, prefix: "blk.\(layer).")
    let d = config.embeddingLength
    let qWidth = config.headCount * config.headDimension
    let kWidth = config.kvHeadCount * config.headDimension
    let vWidth = config.kvHeadCount * config.valueDimension
    attentionNorm = try loader.vector("attn_norm.weight", count: d)
    query = try loader.matrix("attn_q.weight", rows: qWidth, columns: d)
    key = try loader.matrix("attn_k.weight", rows: kWidth, columns: d)
    value = try loader.matrix("attn_v.weight", rows: vWidth, columns: d)
    attentionOutput = try loader.matrix(
      "attn_output.weight", rows: d, columns: config.headCount * config.valueDimension)
    feedForwardNorm = try loader.vector("ffn_norm.weight", count: d)
    gate = try loader.matrix("ffn_gate.weight", rows: config.feedForwardLength, columns: d)
    up = try loader.matrix("ffn_up.weight", rows: config.feedForwardLength, columns: d)
    down = try loader.matrix("ffn_down.weight", rows: d, columns: config.feedForwardLength)
    switch config.architecture {
    case .llama:
      queryNorm = nil
      keyNorm = nil
      postAttentionNorm = nil
      postFeedForwardNorm = nil
    case .gemma3:
      queryNorm = try loader.vector("attn_q_norm.weight", count: config.headDimension)
      keyNorm = try loader.vector("attn_k_norm.weight", count: config.headDimension)
      postAttentionNorm = try loader.vector("post_attention_norm.weight", count: d)
      postFeedForwardNorm = try loader.vector("post_ffw_norm.weight", count: d)
    }
  }
}

/// Finds tensors by name and checks their shapes.
struct WeightLoader {
  let file: GGUFFile
  let prefix: String

  /// A weight matrix `[rows, columns]` (ggml shape `[columns, rows]`).
  func matrix(_ name: String, rows: Int, columns: Int) throws -> QuantizedMatrix {
    let tensor = try file.tensor(named: prefix + name)
    guard tensor.shape == [columns, rows] else {
      throw ArchitectureError.wrongShape(
        file: file.path, tensor: tensor.name, expected: [columns, rows], found: tensor.shape)
    }
    return try QuantizedMatrix(file: file, tensor: tensor)
  }

  /// A vector of `count` values, converted to F32.
  func vector(_ name: String, count: Int) throws -> [Float] {
    let tensor = try file.tensor(named: prefix + name)
    guard tensor.shape == [count] else {
      throw ArchitectureError.wrongShape(
        file: file.path, tensor: tensor.name, expected: [count], found: tensor.shape)
    }
    return try QuantizedMatrix.dequantize(file: file, tensor: tensor)
  }
}
