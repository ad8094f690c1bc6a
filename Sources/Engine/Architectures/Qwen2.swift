extension ArchitectureDescription {
  /// Qwen 2 and 2.5 (and the DeepSeek-R1 distills built on them): llama's blocks with biases
  /// on the query, key and value projections and RoPE on halves (llama.cpp's NEOX mode), q·k
  /// scaled by 1/sqrt(head dimension).
  public static let qwen2 = ArchitectureDescription(
    name: "qwen2", ropePairing: .halves, activation: .silu, biasesQueriesKeysValues: true)
}
