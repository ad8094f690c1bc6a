extension ArchitectureDescription {
  /// Gemma 3: per-head q/k norms, post-sublayer norms, embeddings scaled by sqrt(d), a
  /// GELU-tanh gated FFN, RoPE on halves, queries scaled after RoPE, and sliding-window layers
  /// (all but every sixth) with a RoPE base of their own.
  public static let gemma3 = ArchitectureDescription(
    name: "gemma3", ropePairing: .halves, activation: .geluTanh, normsQueriesAndKeys: true,
    normsSublayerOutputs: true, scalesEmbedding: true, scalesQueriesAfterRope: true,
    appliesRopeFrequencyFactors: false,
    keys: [
      "attention.sliding_window", "attention.sliding_window_pattern", "rope.freq_base_swa",
      "final_logit_softcapping",
    ],
    unusedTensors: [],
    readExtras: { config, metadata in
      // As in llama.cpp, a window of 0 means no sliding-window layers.
      let window = metadata.value("attention.sliding_window")?.intValue == 0
        ? 0 : try metadata.size("attention.sliding_window", default: 0)
      config.slidingWindow = window > 0 ? window : nil
      if case .array? = metadata.value("attention.sliding_window_pattern") {
        throw metadata.unsupported(
          "attention.sliding_window_pattern", "a per-layer pattern (lenscribe reads a period)")
      }
      config.slidingPattern = try metadata.size("attention.sliding_window_pattern", default: 6)
      config.ropeBaseSliding = try metadata.number("rope.freq_base_swa", default: 10_000)
      // llama.cpp reads the cap, but Gemma 3 files carry none and no oracle here shows how its
      // gemma3 graph would apply one, so a file with a cap is refused rather than guessed at.
      let cap = try metadata.number("final_logit_softcapping", default: 0)
      guard cap == 0 else {
        throw metadata.unsupported("final_logit_softcapping", "logit soft-capping (\(cap))")
      }
      // The 27B model (62 blocks) scales queries by 1/sqrt(d / heads) instead (llama.cpp,
      // after gemma_pytorch).
      let width = config.layerCount == 62
        ? config.embeddingLength / config.headCount : config.headDimension
      config.attentionScale = 1 / Float(width).squareRoot()
    })
}
