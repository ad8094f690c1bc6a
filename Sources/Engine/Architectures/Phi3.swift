extension ArchitectureDescription {
  /// Phi-3 and Phi-4 (mini, medium, 4k context): llama's blocks with queries, keys and values
  /// in one fused matrix and the FFN's gate and up in another, RoPE on halves, and queries
  /// scaled by 1/sqrt(head dimension) after RoPE.
  ///
  /// The 128k-context files (longrope: `rope_factors_long`/`_short` with an attention factor)
  /// are refused by the key and tensor rules, naming what they have.
  public static let phi3 = ArchitectureDescription(
    name: "phi3", ropePairing: .halves, activation: .silu, scalesQueriesAfterRope: true,
    fusesProjections: true,
    // Read and then switched off by llama.cpp ("Phi SWA is currently disabled"): every layer
    // attends to the whole prompt, and so does lenscribe, to give the same numbers.
    keys: ["attention.sliding_window"])
}
