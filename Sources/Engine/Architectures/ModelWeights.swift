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
  /// Per-pair divisors of the RoPE frequencies (`rope_freqs.weight`, Llama 3.1 and later),
  /// applied in every layer; nil when the file has none.
  public let ropeFrequencyFactors: [Float]?

  /// Loads every tensor `config` needs from `file`, checking shapes, and refuses a file with
  /// a tensor the architecture's forward pass would not use.
  public init(file: GGUFFile, config: ModelConfig) throws {
    let loader = WeightLoader(file: file)
    let d = config.embeddingLength
    tokenEmbedding = try loader.matrix("token_embd.weight", rows: config.vocabularySize, columns: d)
    layers = try (0..<config.layerCount).map { try LayerWeights(loader, layer: $0, config: config) }
    outputNorm = try loader.vector("output_norm.weight", count: d)
    let hasOutput = file.tensorIfPresent(named: "output.weight") != nil
    if !config.architecture.tiesOutputAlways, hasOutput {
      output = try loader.matrix("output.weight", rows: config.vocabularySize, columns: d)
      isOutputTied = false
    } else {
      output = tokenEmbedding
      isOutputTied = true
    }
    if config.architecture.appliesRopeFrequencyFactors, file.tensorIfPresent(named: "rope_freqs.weight") != nil {
      let factors = try loader.vector("rope_freqs.weight", count: config.ropeDimensionCount / 2)
      guard factors.allSatisfy({ $0 > 0 && $0.isFinite }) else {
        throw ArchitectureError.badHyperParameter(
          file: file.path, key: "rope_freqs.weight", problem: "holds a factor that is not positive and finite")
      }
      ropeFrequencyFactors = factors
    } else {
      ropeFrequencyFactors = nil
    }
    try loader.checkEveryTensorUsed(by: config.architecture)
  }
}
