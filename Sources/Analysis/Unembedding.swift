import Engine

/// The model's way from a residual vector to logits: the final RMSNorm, then the output matrix
/// U (quantized, multiplied in place and in parallel).
public struct Unembedding: Sendable {
  /// U: `vocabulary` rows of `width` values.
  public let matrix: QuantizedMatrix
  /// The final norm's weight (`width` values).
  public let normWeight: [Float]
  /// The final norm's epsilon.
  public let epsilon: Float
  /// The soft-cap applied to the logits after U (gemma2), as the model applies it.
  public let softCap: SoftCap?

  /// An unembedding from its parts; the norm weight must have one value per column of U.
  public init(
    matrix: QuantizedMatrix, normWeight: [Float], epsilon: Float, softCap: SoftCap? = nil
  ) throws {
    guard normWeight.count == matrix.columns else {
      throw AnalysisError.widthMismatch(
        what: "the final norm weight", expected: matrix.columns, found: normWeight.count)
    }
    self.matrix = matrix
    self.normWeight = normWeight
    self.epsilon = epsilon
    self.softCap = softCap
  }

  /// The unembedding of `transformer`.
  public init(transformer: Transformer) {
    matrix = transformer.weights.output
    normWeight = transformer.weights.outputNorm
    epsilon = transformer.config.normEpsilon
    softCap = transformer.config.finalLogitSoftCap
  }

  /// Vocabulary size.
  public var vocabularySize: Int { matrix.rows }

  /// Rows read through U together by the analyses: logits are vocabulary-sized per row, and
  /// 64 rows of a 256k vocabulary keep a block near 64 MB however long the prompt.
  static let rowsPerBlock = 64

  /// `positions` cut into consecutive blocks of at most `rowsPerBlock`.
  static func blocks(_ positions: Range<Int>) -> [Range<Int>] {
    stride(from: positions.lowerBound, to: positions.upperBound, by: rowsPerBlock).map {
      $0..<min($0 + rowsPerBlock, positions.upperBound)
    }
  }

  /// Logits `[rows, vocabulary]` of `rows` residual rows in `x` (`[rows, width]`), after the
  /// final RMSNorm when `normalise` is true (the forward pass's own arithmetic, so the last
  /// layer gives the model's logits), soft-capped where the model caps its logits.
  public func logits(_ x: [Float], rows: Int, normalise: Bool) -> [Float] {
    var logits = product(x, rows: rows, normalise: normalise)
    if let softCap { logits.withUnsafeMutableBufferPointer { softCap.apply(to: $0) } }
    return logits
  }

  private func product(_ x: [Float], rows: Int, normalise: Bool) -> [Float] {
    let width = matrix.columns
    guard normalise else { return matrix.multiply(x, tokens: rows) }
    var normed = [Float](repeating: 0, count: rows * width)
    for row in 0..<rows {
      let start = row * width
      let meanSquare = Self.sumOfSquares(x, start: start, count: width) / Float(width)
      let scale = 1 / (meanSquare + epsilon).squareRoot()
      for i in 0..<width { normed[start + i] = x[start + i] * scale * normWeight[i] }
    }
    return matrix.multiply(normed, tokens: rows)
  }

  /// Sum of squares in the forward pass's order (two 8-lane accumulators, then the tail).
  private static func sumOfSquares(_ x: [Float], start: Int, count: Int) -> Float {
    var acc0 = SIMD8<Float>.zero
    var acc1 = SIMD8<Float>.zero
    var i = 0
    while i + 16 <= count {
      let a0 = SIMD8<Float>(x[(start + i)..<(start + i + 8)])
      let a1 = SIMD8<Float>(x[(start + i + 8)..<(start + i + 16)])
      acc0.addProduct(a0, a0)
      acc1.addProduct(a1, a1)
      i += 16
    }
    while i + 8 <= count {
      let a0 = SIMD8<Float>(x[(start + i)..<(start + i + 8)])
      acc0.addProduct(a0, a0)
      i += 8
    }
    var sum = (acc0 + acc1).sum()
    while i < count {
      sum += x[start + i] * x[start + i]
      i += 1
    }
    return sum
  }
}
