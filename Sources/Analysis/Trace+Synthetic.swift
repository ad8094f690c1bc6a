import Engine

/// Traces made from raw arrays (tests build small synthetic ones; a forward pass makes the
/// others), and the offsets the analyses read them by.
///
/// Layouts are those of `Trace`: `residual` `[layers + 1, tokens, width]`, `residualMid`
/// `[layers, tokens, width]`, `attention[l]` `[heads, tokens, tokens]` or nil, `logits`
/// `[tokens, vocabulary]`, all row-major.
extension Trace {
  /// A trace from raw arrays; throws `AnalysisError.malformedTrace` when a size is wrong.
  public init(
    tokens: [Int], layerCount: Int, width: Int, headCount: Int, vocabularySize: Int,
    residual: [Float], residualMid: [Float], attention: [[Float]?], logits: [Float]
  ) throws {
    let n = tokens.count
    func expect(_ field: String, _ expected: Int, _ found: Int) throws {
      guard expected == found else {
        throw AnalysisError.malformedTrace(field: field, expected: expected, found: found)
      }
    }
    try expect("tokens", max(1, n), n)
    try expect("residual", (layerCount + 1) * n * width, residual.count)
    try expect("residualMid", layerCount * n * width, residualMid.count)
    try expect("attention", layerCount, attention.count)
    for (layer, pattern) in attention.enumerated() {
      if let pattern { try expect("attention[\(layer)]", headCount * n * n, pattern.count) }
    }
    try expect("logits", n * vocabularySize, logits.count)
    self.init(
      model: TraceModel(
        name: "synthetic", architecture: "", layerCount: layerCount, width: width,
        headCount: headCount, vocabularySize: vocabularySize),
      tokens: tokens, residual: residual, residualMid: residualMid, attention: attention,
      logits: logits)
  }

  /// Start of the residual row after block `layer` (0: the embedding) at `position`.
  func residualStart(layer: Int, position: Int) -> Int {
    (layer * tokens.count + position) * width
  }

  /// Start of the residual row after block `layer`'s attention (layer 0-based) at `position`.
  func residualMidStart(layer: Int, position: Int) -> Int {
    (layer * tokens.count + position) * width
  }

  /// Attention probability of `query` on `key` in `head` of `layer` (the layer must be kept).
  func attention(_ pattern: [Float], head: Int, query: Int, key: Int) -> Float {
    let n = tokens.count
    return pattern[(head * n + query) * n + key]
  }
}
