extension ArchitectureDescription {
  /// Qwen 3 (dense): llama's blocks with a per-head RMSNorm of queries and keys before RoPE,
  /// no biases, RoPE on halves, q·k scaled by 1/sqrt(head dimension); the head dimension comes
  /// from `attention.key_length` (128 in every size, so heads x 128 need not equal d).
  public static let qwen3 = ArchitectureDescription(
    name: "qwen3", ropePairing: .halves, activation: .silu, normsQueriesAndKeys: true)
}
