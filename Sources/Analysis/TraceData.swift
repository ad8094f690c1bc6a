import Engine

/// The arrays of a trace that the analyses read, with a public initializer so that tests can
/// build small synthetic traces (Engine's `Trace` can only be made by a forward pass).
///
/// Layouts are those of `Trace`: `residual` `[layers + 1, tokens, width]`, `residualMid`
/// `[layers, tokens, width]`, `attention[l]` `[heads, tokens, tokens]` or nil, `logits`
/// `[tokens, vocabulary]`, all row-major.
public struct TraceData: Sendable {
  public let tokens: [Int]
  public let layerCount: Int
  public let width: Int
  public let headCount: Int
  public let vocabularySize: Int
  public let residual: [Float]
  public let residualMid: [Float]
  public let attention: [[Float]?]
  public let logits: [Float]

  /// The arrays of `trace` (no copy: arrays are shared until written).
  public init(trace: Trace) {
    tokens = trace.tokens
    layerCount = trace.model.layerCount
    width = trace.model.width
    headCount = trace.model.headCount
    vocabularySize = trace.model.vocabularySize
    residual = trace.residual
    residualMid = trace.residualMid
    attention = trace.attention
    logits = trace.logits
  }

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
    self.tokens = tokens
    self.layerCount = layerCount
    self.width = width
    self.headCount = headCount
    self.vocabularySize = vocabularySize
    self.residual = residual
    self.residualMid = residualMid
    self.attention = attention
    self.logits = logits
  }

  /// Number of prompt tokens.
  public var tokenCount: Int { tokens.count }

  /// Start of the residual row after block `layer` (0: the embedding) at `position`.
  func residualStart(layer: Int, position: Int) -> Int {
    (layer * tokens.count + position) * width
  }

  /// Start of the residual row after block `layer`'s attention (layer 0-based) at `position`.
  func residualMidStart(layer: Int, position: Int) -> Int {
    (layer * tokens.count + position) * width
  }

  /// The final logits at `position`.
  func logits(position: Int) -> ArraySlice<Float> {
    logits[(position * vocabularySize)..<((position + 1) * vocabularySize)]
  }

  /// Attention probability of `query` on `key` in `head` of `layer` (the layer must be kept).
  func attention(_ pattern: [Float], head: Int, query: Int, key: Int) -> Float {
    let n = tokens.count
    return pattern[(head * n + query) * n + key]
  }
}
