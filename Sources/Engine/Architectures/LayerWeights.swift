/// The weights of one transformer block, read in place from the GGUF file.
public struct LayerWeights: Sendable {
  public let attentionNorm: [Float]
  public let query: QuantizedMatrix
  public let key: QuantizedMatrix
  public let value: QuantizedMatrix
  public let attentionOutput: QuantizedMatrix
  /// Biases of the query, key and value projections (`biasesQueriesKeysValues`).
  public let queryBias: [Float]?
  public let keyBias: [Float]?
  public let valueBias: [Float]?
  /// RMSNorm weights applied per head to queries and keys (`normsQueriesAndKeys`).
  public let queryNorm: [Float]?
  public let keyNorm: [Float]?
  /// RMSNorm applied to the attention output before the residual add (`normsSublayerOutputs`).
  public let postAttentionNorm: [Float]?
  public let feedForwardNorm: [Float]
  public let gate: QuantizedMatrix
  public let up: QuantizedMatrix
  public let down: QuantizedMatrix
  /// RMSNorm applied to the FFN output before the residual add (`normsSublayerOutputs`).
  public let postFeedForwardNorm: [Float]?

  /// Loads block `layer` of `loader`'s file, checking every shape against `config`.
  init(_ loader: WeightLoader, layer: Int, config: ModelConfig) throws {
    let prefix = "blk.\(layer)."
    let d = config.embeddingLength
    let qWidth = config.headCount * config.headDimension
    let kWidth = config.kvHeadCount * config.headDimension
    let vWidth = config.kvHeadCount * config.valueDimension
    let architecture = config.architecture
    let ff = config.feedForwardLength
    attentionNorm = try loader.vector(prefix + "attn_norm.weight", count: d)
    if architecture.fusesProjections {
      let qkv = try loader.matrix(
        prefix + "attn_qkv.weight", rows: qWidth + kWidth + vWidth, columns: d)
      query = qkv.rows(0..<qWidth, name: qkv.name + " (q)")
      key = qkv.rows(qWidth..<(qWidth + kWidth), name: qkv.name + " (k)")
      value = qkv.rows((qWidth + kWidth)..<qkv.rows, name: qkv.name + " (v)")
      let gateUp = try loader.matrix(prefix + "ffn_up.weight", rows: 2 * ff, columns: d)
      gate = gateUp.rows(0..<ff, name: gateUp.name + " (gate)")
      up = gateUp.rows(ff..<(2 * ff), name: gateUp.name + " (up)")
    } else {
      query = try loader.matrix(prefix + "attn_q.weight", rows: qWidth, columns: d)
      key = try loader.matrix(prefix + "attn_k.weight", rows: kWidth, columns: d)
      value = try loader.matrix(prefix + "attn_v.weight", rows: vWidth, columns: d)
      gate = try loader.matrix(prefix + "ffn_gate.weight", rows: ff, columns: d)
      up = try loader.matrix(prefix + "ffn_up.weight", rows: ff, columns: d)
    }
    attentionOutput = try loader.matrix(
      prefix + "attn_output.weight", rows: d, columns: config.headCount * config.valueDimension)
    feedForwardNorm = try loader.vector(prefix + "ffn_norm.weight", count: d)
    down = try loader.matrix(prefix + "ffn_down.weight", rows: d, columns: ff)
    if architecture.biasesQueriesKeysValues {
      queryBias = try loader.vector(prefix + "attn_q.bias", count: qWidth)
      keyBias = try loader.vector(prefix + "attn_k.bias", count: kWidth)
      valueBias = try loader.vector(prefix + "attn_v.bias", count: vWidth)
    } else {
      (queryBias, keyBias, valueBias) = (nil, nil, nil)
    }
    if architecture.normsQueriesAndKeys {
      queryNorm = try loader.vector(prefix + "attn_q_norm.weight", count: config.headDimension)
      keyNorm = try loader.vector(prefix + "attn_k_norm.weight", count: config.headDimension)
    } else {
      (queryNorm, keyNorm) = (nil, nil)
    }
    if architecture.normsSublayerOutputs {
      postAttentionNorm = try loader.vector(prefix + "post_attention_norm.weight", count: d)
      postFeedForwardNorm = try loader.vector(prefix + "post_ffw_norm.weight", count: d)
    } else {
      (postAttentionNorm, postFeedForwardNorm) = (nil, nil)
    }
  }
}

/// Finds tensors by name, checks their shapes, and remembers which ones it handed out, so that
/// a tensor the forward pass never asked for is found rather than ignored.
final class WeightLoader {
  let file: GGUFFile
  private(set) var used: Set<String> = []

  init(file: GGUFFile) { self.file = file }

  /// A weight matrix `[rows, columns]` (ggml shape `[columns, rows]`).
  func matrix(_ name: String, rows: Int, columns: Int) throws -> QuantizedMatrix {
    let tensor = try file.tensor(named: name)
    guard tensor.shape == [columns, rows] else {
      throw ArchitectureError.wrongShape(
        file: file.path, tensor: tensor.name, expected: [columns, rows], found: tensor.shape)
    }
    used.insert(name)
    return try QuantizedMatrix(file: file, tensor: tensor)
  }

  /// A vector of `count` values, converted to F32.
  func vector(_ name: String, count: Int) throws -> [Float] {
    let tensor = try file.tensor(named: name)
    guard tensor.shape == [count] else {
      throw ArchitectureError.wrongShape(
        file: file.path, tensor: tensor.name, expected: [count], found: tensor.shape)
    }
    used.insert(name)
    return try QuantizedMatrix.dequantize(file: file, tensor: tensor)
  }

  /// Throws for the first tensor of the file that was not loaded and is not one of
  /// `architecture.unusedTensors` (per-block names match without their `blk.N.` prefix).
  func checkEveryTensorUsed(by architecture: ArchitectureDescription) throws {
    for tensor in file.tensors where !used.contains(tensor.name) {
      if architecture.unusedTensors.contains(Self.blockless(tensor.name)) { continue }
      throw ArchitectureError.unusedTensor(
        file: file.path, tensor: tensor.name, architecture: architecture.name)
    }
  }

  /// `blk.3.attn_rot_embd` -> `attn_rot_embd`; other names as they are.
  static func blockless(_ name: String) -> String {
    let parts = name.split(separator: ".", maxSplits: 2)
    guard parts.count == 3, parts[0] == "blk", Int(parts[1]) != nil else { return name }
    return String(parts[2])
  }
}
