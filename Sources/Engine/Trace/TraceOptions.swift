/// What a forward pass keeps besides the residual stream and the logits.
public struct TraceOptions: Sendable, Equatable {
  /// Layers whose attention probabilities are kept; nil: every layer. Attention is the only
  /// part of a trace that grows with the square of the prompt length.
  public var attentionLayers: Set<Int>?
  /// Cores to use.
  public var threads: Int

  public init(attentionLayers: Set<Int>? = nil, threads: Int = Parallel.processorCount) {
    self.attentionLayers = attentionLayers
    self.threads = threads
  }
}
