/// What a forward pass keeps besides the residual stream and the logits.
public struct TraceOptions: Sendable, Equatable {
  /// Layers whose attention probabilities are kept; nil: every layer. Attention is the only
  /// part of a trace that grows with the square of the prompt length.
  public var attentionLayers: Set<Int>?
  /// Cores to use.
  public var threads: Int
  /// The most memory, in bytes, the trace may take (`TraceSize`); a longer prompt is refused
  /// before anything is allocated.
  public var memoryLimit: Int
  /// Whether the trace keeps what each block's attention and feed-forward sublayers add to
  /// the residual (`Trace.attentionOutput`, `Trace.mlpOutput`): the values patching copies
  /// from a clean run.
  public var keepsSublayerOutputs: Bool

  public init(
    attentionLayers: Set<Int>? = nil, threads: Int = Parallel.processorCount,
    memoryLimit: Int = TraceSize.defaultLimit, keepsSublayerOutputs: Bool = false
  ) {
    self.attentionLayers = attentionLayers
    self.threads = threads
    self.memoryLimit = memoryLimit
    self.keepsSublayerOutputs = keepsSublayerOutputs
  }
}
