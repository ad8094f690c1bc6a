extension ArchitectureDescription {
  /// Llama 2 and 3 (with 3.1's RoPE frequency factors), SmolLM2, TinyLlama, Mistral-style
  /// grouped-query attention: pre-norm blocks, SiLU-gated FFN, RoPE on adjacent pairs (the
  /// converter permuted Q and K into that order), q·k scaled by 1/sqrt(head dimension).
  ///
  /// Not here: biases, MoE (`expert_count` > 0), `attention.scale`, longrope factors. Files
  /// that have them are refused by the key and tensor rules, naming what they have.
  public static let llama = ArchitectureDescription(
    name: "llama", ropePairing: .adjacent, activation: .silu, normsQueriesAndKeys: false,
    normsSublayerOutputs: false, scalesEmbedding: false, scalesQueriesAfterRope: false,
    appliesRopeFrequencyFactors: true, keys: [], unusedTensors: [],
    readExtras: { config, metadata in
      // llama.cpp requires RoPE over whole heads for llama (`invalid n_rot`).
      guard config.ropeDimensionCount == config.headDimension else {
        throw metadata.problem(
          "rope.dimension_count",
          "is \(config.ropeDimensionCount), expected the head dimension \(config.headDimension)")
      }
    })
}
