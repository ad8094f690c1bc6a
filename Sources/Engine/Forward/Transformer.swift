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
    tokens: [Int], options: TraceOptions = TraceOptions(), interventions: [Intervention] = [],
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
    for intervention in interventions { try intervention.check(config, tokens: tokens.count) }
    try checkFileUnchanged()

    let n = tokens.count
    let d = config.embeddingLength
    let layerCount = config.layerCount
    var residual = [Float](repeating: 0, count: (layerCount + 1) * n * d)
    var residualMid = [Float](repeating: 0, count: layerCount * n * d)
    var attention: [[Float]?] = Array(repeating: nil, count: layerCount)
    var state = ForwardState(config: config, tokens: n)
    let sublayerOutputs = options.keepsSublayerOutputs ? SublayerOutputs(count: layerCount * n * d) : nil
    let inBlocks = interventions.filter { $0.site != .residual }
    if !inBlocks.isEmpty || sublayerOutputs != nil {
      state.hook = { [config] layer, point, values in
        Self.hook(
          layer: layer, point: point, values: values, interventions: inBlocks, config: config,
          tokens: n, outputs: sublayerOutputs)
      }
    }

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
          for intervention in interventions where intervention.site == .residual && intervention.layer == layer {
            intervention.apply(to: input, tokens: n, stride: d, offset: 0, width: d)
          }
          state.attentionSublayer(
            weights.layers[layer], layer: layer, input: input, output: middle,
            rope: isSliding ? sliding : global, window: isSliding ? config.slidingWindow : nil,
            probabilities: &probabilities, threads: options.threads)
          state.feedForwardSublayer(
            weights.layers[layer], layer: layer, input: middle, output: output,
            threads: options.threads)
        }
      }
      attention[layer] = probabilities
      progress(layer + 1, layerCount + 1)
    }

    let logits = residual.withUnsafeMutableBufferPointer { residual in
      let last = residual.baseAddress! + layerCount * n * d
      for intervention in interventions where intervention.site == .residual && intervention.layer == layerCount {
        intervention.apply(to: last, tokens: n, stride: d, offset: 0, width: d)
      }
      return state.logits(from: last, weights: weights, threads: options.threads)
    }
    progress(layerCount + 1, layerCount + 1)
    try checkFileUnchanged()
    return Trace(
      model: model, tokens: tokens, residual: residual, residualMid: residualMid,
      attention: attention, logits: logits, attentionOutput: sublayerOutputs?.attention,
      mlpOutput: sublayerOutputs?.mlp)
  }

  /// What the forward pass's hook does at one point: the interventions of that layer and
  /// point, then the capture of what the sublayer adds (after them, so that the trace holds
  /// what the run used).
  private static func hook(
    layer: Int, point: ForwardState.HookPoint, values: UnsafeMutablePointer<Float>,
    interventions: [Intervention], config: ModelConfig, tokens n: Int, outputs: SublayerOutputs?
  ) {
    let d = config.embeddingLength
    for intervention in interventions where intervention.layer == layer {
      switch (intervention.site, point) {
      case (.head(let head), .heads):
        let width = config.valueDimension
        intervention.apply(
          to: values, tokens: n, stride: config.headCount * width, offset: head * width,
          width: width)
      case (.attentionOutput, .attentionOutput), (.mlpOutput, .mlpOutput):
        intervention.apply(to: values, tokens: n, stride: d, offset: 0, width: d)
      default: break
      }
    }
    guard let outputs, point != .heads else { return }
    let start = layer * n * d
    let rows = UnsafeBufferPointer(start: values, count: n * d)
    if point == .attentionOutput {
      outputs.attention.replaceSubrange(start..<(start + n * d), with: rows)
    } else {
      outputs.mlp.replaceSubrange(start..<(start + n * d), with: rows)
    }
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

/// Each block's attention and feed-forward additions to the residual, filled by the hook.
private final class SublayerOutputs {
  var attention: [Float]
  var mlp: [Float]

  init(count: Int) {
    attention = [Float](repeating: 0, count: count)
    mlp = attention
  }
}
