/// Everything recorded while one prompt ran through a model.
///
/// Shapes follow DESIGN.md's trace file: `residual` is `[layers + 1, tokens, width]` (row 0 the
/// embedding as the first block sees it, row i the stream after block i), `residualMid` is
/// `[layers, tokens, width]` (after each block's attention residual add), `attention[l]` is
/// `[heads, tokens, tokens]` (query x key) or nil when not captured, `logits` is
/// `[tokens, vocabulary]`. All values are row-major `Float`.
public struct Trace: Sendable {
  /// Which model made the trace.
  public let model: TraceModel
  /// Token ids, BOS included when one was added.
  public let tokens: [Int]
  public internal(set) var residual: [Float]
  public internal(set) var residualMid: [Float]
  public internal(set) var attention: [[Float]?]
  public internal(set) var logits: [Float]
  /// `[layers, tokens, width]`: what each block's attention sublayer added to the residual,
  /// when `TraceOptions.keepsSublayerOutputs` asked for it.
  public internal(set) var attentionOutput: [Float]?
  /// The same for each block's feed-forward sublayer.
  public internal(set) var mlpOutput: [Float]?

  /// A trace of these arrays, unchecked: Analysis' `init(tokens:layerCount:...)` checks the
  /// sizes for traces that no forward pass made.
  package init(
    model: TraceModel, tokens: [Int], residual: [Float], residualMid: [Float],
    attention: [[Float]?], logits: [Float], attentionOutput: [Float]? = nil,
    mlpOutput: [Float]? = nil
  ) {
    self.model = model
    self.tokens = tokens
    self.residual = residual
    self.residualMid = residualMid
    self.attention = attention
    self.logits = logits
    self.attentionOutput = attentionOutput
    self.mlpOutput = mlpOutput
  }

  /// Number of prompt tokens.
  public var tokenCount: Int { tokens.count }
  public var layerCount: Int { model.layerCount }
  /// Width of the residual stream.
  public var width: Int { model.width }
  public var headCount: Int { model.headCount }
  public var vocabularySize: Int { model.vocabularySize }

  /// The residual after block `layer` (0: the embedding) at `position`.
  public func residual(layer: Int, position: Int) -> ArraySlice<Float> {
    let width = model.width
    let start = (layer * tokens.count + position) * width
    return residual[start..<(start + width)]
  }

  /// The residual after block `layer`'s attention sublayer at `position`.
  public func residualMid(layer: Int, position: Int) -> ArraySlice<Float> {
    let width = model.width
    let start = (layer * tokens.count + position) * width
    return residualMid[start..<(start + width)]
  }

  /// The attention probability of `query` on `key` in `head` of `layer`, if captured.
  public func attention(layer: Int, head: Int, query: Int, key: Int) -> Float? {
    let n = tokens.count
    return attention[layer].map { $0[(head * n + query) * n + key] }
  }

  /// The final logits at `position`.
  public func logits(position: Int) -> ArraySlice<Float> {
    let start = position * model.vocabularySize
    return logits[start..<(start + model.vocabularySize)]
  }
}

/// The model facts a trace carries with it.
public struct TraceModel: Sendable, Equatable, Codable {
  /// Display name (`general.name`, else the file name).
  public let name: String
  public let architecture: String
  public let layerCount: Int
  /// Width of the residual stream.
  public let width: Int
  public let headCount: Int
  public let vocabularySize: Int

  /// The facts of a model.
  public init(
    name: String, architecture: String, layerCount: Int, width: Int, headCount: Int,
    vocabularySize: Int
  ) {
    self.name = name
    self.architecture = architecture
    self.layerCount = layerCount
    self.width = width
    self.headCount = headCount
    self.vocabularySize = vocabularySize
  }
}
