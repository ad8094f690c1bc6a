extension Transformer {
  /// The `count` tokens greedy decoding adds to `tokens` (the most likely next token each time;
  /// of equal logits the smallest id), with `interventions` made at every step. The whole
  /// sequence runs again for each new token (no KV cache): the prompts of lens blocks are
  /// short, and each step is then the same forward pass, deterministic, as a trace of it.
  public func generate(
    tokens: [Int], count: Int, interventions: [Intervention] = [],
    threads: Int = Parallel.processorCount
  ) throws -> [Int] {
    var sequence = tokens
    var added: [Int] = []
    for _ in 0..<max(0, count) {
      let trace = try trace(
        tokens: sequence, options: TraceOptions(attentionLayers: [], threads: threads),
        interventions: interventions)
      let logits = trace.logits(position: sequence.count - 1)
      var best = logits.startIndex
      for index in logits.indices where logits[index] > logits[best] { best = index }
      let next = best - logits.startIndex
      added.append(next)
      sequence.append(next)
    }
    return added
  }
}
