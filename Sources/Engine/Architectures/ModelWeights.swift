/// All weights of a model, memory-mapped in their stored formats (no F32 copy of matrices).
public struct ModelWeights: Sendable {
  /// The input embedding E: `vocabulary` rows of d values.
  public let tokenEmbedding: QuantizedMatrix
  public let layers: [LayerWeights]
  public let outputNorm: [Float]
  /// The unembedding U: `vocabulary` rows of d values (`token_embd` itself when tied).
  public let output: QuantizedMatrix
  /// Whether U is the same matrix as E.
  public let isOutputTied: Bool

  /// Loads every tensor `config` needs from `file`, checking shapes.
  public init(file: GGUFFile, config: ModelConfig) throws {
    let loader = WeightLoader(file: file, prefix: "")
    let d = config.embeddingLength
    tokenEmbedding = try loader.matrix("token_embd.weight", rows: config.vocabularySize, columns: d)
    layers = try (0..<config.layerCount).map { try LayerWeights(file: file, layer: $0, config: config) }
    outputNorm = try loader.vector("output_norm.weight", count: d)
    if file.tensorIfPresent(named: "output.weight") != nil {
      output = try loader.matrix("output.weight", rows: config.vocabularySize, columns: d)
      isOutputTied = false
    } else {
      output = tokenEmbedding
      isOutputTied = true
    }
  }
}
