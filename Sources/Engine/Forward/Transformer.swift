#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Foundation

/// A model ready to run: configuration and memory-mapped weights of one GGUF file.
///
/// `trace(tokens:)` runs a whole prompt at once (no KV cache: every position is in the batch)
/// and records the residual stream, attention and logits.
public final class Transformer: Sendable {
  public let file: GGUFFile
  public let config: ModelConfig
  public let weights: ModelWeights
  public let model: TraceModel

  /// Loads the model in `file`. Unsupported architectures, missing tensors and wrong shapes are
  /// errors naming what is wrong.
  public init(file: GGUFFile, config: ModelConfig? = nil) throws {
    let config = try config ?? ModelConfig(file: file)
    self.file = file
    self.config = config
    self.weights = try ModelWeights(file: file, config: config)
    let name: String
    if case .string(let value)? = file.metadata["general.name"] {
      name = value
    } else {
      name = URL(fileURLWithPath: file.path).deletingPathExtension().lastPathComponent
    }
    model = TraceModel(
      name: name, architecture: config.architecture.name, layerCount: config.layerCount,
      width: config.embeddingLength, headCount: config.headCount,
      vocabularySize: config.vocabularySize)
  }

  /// Opens and loads the GGUF file at `path`.
  public convenience init(path: String) throws {
    try self.init(file: GGUFFile(path: path))
  }

  /// Runs `tokens` through the model and records everything. `progress` is called with
  /// (steps done, steps in all) after each block and after the logits.
  public func trace(
    tokens: [Int], options: TraceOptions = TraceOptions(),
    progress: (Int, Int) -> Void = { _, _ in }
  ) throws -> Trace {
    guard !tokens.isEmpty else { throw ArchitectureError.emptyPrompt }
    guard tokens.count <= config.contextLength else {
      throw ArchitectureError.promptTooLong(tokens: tokens.count, context: config.contextLength)
    }
    if let bad = tokens.first(where: { $0 < 0 || $0 >= config.vocabularySize }) {
      throw ArchitectureError.tokenOutOfRange(id: bad, vocabularySize: config.vocabularySize)
    }
    if let layers = options.attentionLayers, let bad = layers.first(where: { !(0..<config.layerCount).contains($0) }) {
      throw ArchitectureError.layerOutOfRange(layer: bad, layerCount: config.layerCount)
    }
    let size = TraceSize(config: config, tokens: tokens.count, options: options)
    guard size.total <= options.memoryLimit else {
      throw ArchitectureError.traceTooLarge(
        tokens: tokens.count, size: size, limit: options.memoryLimit)
    }
    try checkFileUnchanged()

    let n = tokens.count
    let d = config.embeddingLength
    let layerCount = config.layerCount
    var residual = [Float](repeating: 0, count: (layerCount + 1) * n * d)
    var residualMid = [Float](repeating: 0, count: layerCount * n * d)
    var attention: [[Float]?] = Array(repeating: nil, count: layerCount)
    var state = ForwardState(config: config, tokens: n)

    // Embedding, scaled where the architecture scales it.
    residual.withUnsafeMutableBufferPointer { residual in
      for (position, token) in tokens.enumerated() {
        let row = UnsafeMutableBufferPointer(rebasing: residual[(position * d)..<((position + 1) * d)])
        weights.tokenEmbedding.dequantizeRow(token, into: row)
        if config.embeddingScale != 1 {
          for i in 0..<d { row[i] *= config.embeddingScale }
        }
      }
    }
    let global = RotaryEmbedding(
      dimensions: config.ropeDimensionCount, base: config.ropeBase,
      scale: config.ropeFrequencyScale, factors: weights.ropeFrequencyFactors,
      pairing: config.ropePairing, positions: n)
    let sliding = config.slidingWindow == nil ? global : RotaryEmbedding(
      dimensions: config.ropeDimensionCount, base: config.ropeBaseSliding,
      scale: config.ropeFrequencyScaleSliding,
      pairing: config.ropePairing, positions: n)

    for layer in 0..<layerCount {
      let keepsAttention = options.attentionLayers?.contains(layer) ?? true
      var probabilities: [Float]? = keepsAttention ? [Float](repeating: 0, count: config.headCount * n * n) : nil
      let isSliding = config.isSliding(layer: layer)
      residual.withUnsafeMutableBufferPointer { residual in
        residualMid.withUnsafeMutableBufferPointer { residualMid in
          let input = residual.baseAddress! + layer * n * d
          let middle = residualMid.baseAddress! + layer * n * d
          let output = residual.baseAddress! + (layer + 1) * n * d
          state.attentionSublayer(
            weights.layers[layer], input: input, output: middle,
            rope: isSliding ? sliding : global, window: isSliding ? config.slidingWindow : nil,
            probabilities: &probabilities, threads: options.threads)
          state.feedForwardSublayer(
            weights.layers[layer], input: middle, output: output, threads: options.threads)
        }
      }
      attention[layer] = probabilities
      progress(layer + 1, layerCount + 1)
    }

    let logits = residual.withUnsafeBufferPointer { residual in
      state.logits(from: residual.baseAddress! + layerCount * n * d, weights: weights, threads: options.threads)
    }
    progress(layerCount + 1, layerCount + 1)
    try checkFileUnchanged()
    return Trace(
      model: model, tokens: tokens, residual: residual, residualMid: residualMid,
      attention: attention, logits: logits)
  }

  /// Throws when the file on disk no longer has the size it had when it was mapped (reading a
  /// truncated mapping would crash the process). Links are followed, as when the file was
  /// opened: the Hugging Face cache keeps every model as a link into its blobs.
  private func checkFileUnchanged() throws {
    var info = stat()
    guard stat(file.path, &info) == 0, Int(info.st_size) == file.fileSize else {
      throw ArchitectureError.modelFileChanged(file: file.path)
    }
  }
}
