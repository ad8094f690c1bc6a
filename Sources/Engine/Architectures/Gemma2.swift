extension ArchitectureDescription {
  /// Gemma 2: post-sublayer norms, embeddings scaled by sqrt(d), a GELU-tanh gated FFN, RoPE
  /// on halves, queries scaled after RoPE, attention scores and logits soft-capped
  /// (`cap * tanh(x / cap)`, caps 50 and 30 by default), every even layer attending through a
  /// sliding window (4096 by default), and the output matrix always the embedding.
  public static let gemma2 = ArchitectureDescription(
    name: "gemma2", ropePairing: .halves, activation: .geluTanh, normsSublayerOutputs: true,
    scalesEmbedding: true, scalesQueriesAfterRope: true, tiesOutputAlways: true,
    keys: [
      "attention.sliding_window", "attn_logit_softcapping", "final_logit_softcapping",
      "rope.freq_base_swa",
    ],
    readExtras: { config, metadata in
      config.slidingWindow = try metadata.size("attention.sliding_window", default: 4096)
      // llama.cpp's set_swa_pattern(2): layers 0, 2, 4, ... are sliding.
      config.slidingPattern = 2
      config.ropeFrequencyScaleSliding = config.ropeFrequencyScale
      config.ropeBaseSliding = try metadata.number(
        "rope.freq_base_swa", default: config.ropeBase)
      config.attentionSoftCap = try softCap("attn_logit_softcapping", default: 50, metadata)
      config.finalLogitSoftCap = try softCap("final_logit_softcapping", default: 30, metadata)
      // The 27B model (46 blocks) scales queries by 1/sqrt(d / heads) (llama.cpp, after
      // gemma_pytorch); the others by 1/sqrt(head dimension).
      let width = config.layerCount == 46
        ? config.embeddingLength / config.headCount : config.headDimension
      config.attentionScale = 1 / Float(width).squareRoot()
    })

  /// The soft-cap under `key`: positive and finite (llama.cpp always caps gemma2, so 0 is not
  /// "off" but a division by zero).
  private static func softCap(_ key: String, default value: Float, _ metadata: MetadataReader)
    throws -> SoftCap
  {
    let cap = try metadata.number(key, default: value)
    guard cap > 0, cap.isFinite else {
      throw metadata.problem(key, "is \(cap), expected a positive cap")
    }
    return SoftCap(cap)
  }
}
