import Engine

/// The model's two dictionaries of token vectors, the input embedding E and the output matrix
/// U, with the norm of every row (computed once: reading by amplitude divides by them).
public struct Dictionaries: Sendable {
  /// Which dictionary.
  public enum Book: String, Codable, Sendable, CaseIterable {
    /// E, the input embedding.
    case input
    /// U, the output matrix (unembedding).
    case output
  }

  public let input: QuantizedMatrix
  public let output: QuantizedMatrix
  /// Whether U is E itself.
  public let isTied: Bool
  /// `|E_v|` for every token v.
  public let inputNorms: [Double]
  /// `|U_v|` for every token v.
  public let outputNorms: [Double]

  /// The dictionaries of `transformer`.
  public init(transformer: Transformer) throws {
    try self.init(
      input: transformer.weights.tokenEmbedding, output: transformer.weights.output,
      isTied: transformer.weights.isOutputTied)
  }

  /// Dictionaries from two matrices of the same shape.
  public init(input: QuantizedMatrix, output: QuantizedMatrix, isTied: Bool) throws {
    guard input.columns == output.columns else {
      throw AnalysisError.widthMismatch(
        what: "the output dictionary", expected: input.columns, found: output.columns)
    }
    guard input.rows == output.rows else {
      throw AnalysisError.widthMismatch(
        what: "the output dictionary (vocabulary)", expected: input.rows, found: output.rows)
    }
    self.input = input
    self.output = output
    self.isTied = isTied
    inputNorms = Self.rowNorms(input)
    outputNorms = isTied ? inputNorms : Self.rowNorms(output)
  }

  /// Vocabulary size.
  public var vocabularySize: Int { input.rows }
  /// Width of a token vector.
  public var width: Int { input.columns }

  /// The matrix of `book`.
  public func matrix(_ book: Book) -> QuantizedMatrix { book == .input ? input : output }

  /// The row norms of `book`.
  public func norms(_ book: Book) -> [Double] { book == .input ? inputNorms : outputNorms }

  /// `cos(x, D_v)` for every token v of `book` (0 for a zero row or a zero x).
  public func amplitudes(of x: [Float], in book: Book) -> [Float] {
    let products = matrix(book).multiply(x, tokens: 1)
    let xNorm = Vectors.norm(x, 0, x.count)
    let norms = norms(book)
    return (0..<products.count).map { v in
      let denominator = xNorm * norms[v]
      return denominator > 0 ? Float(Double(products[v]) / denominator) : 0
    }
  }

  /// Mean over tokens of `cos(E_v, U_v)` (1 when tied).
  public func meanRowCosine() -> Double {
    if isTied { return 1 }
    let values = ParallelMap.map(count: vocabularySize) { v -> Double in
      let e = input.row(v)
      let u = output.row(v)
      return Vectors.cosine(e, 0, u, 0, e.count)
    }
    return Vectors.mean(values)
  }

  private static func rowNorms(_ matrix: QuantizedMatrix) -> [Double] {
    ParallelMap.map(count: matrix.rows) { row in
      let values = matrix.row(row)
      return Vectors.norm(values, 0, values.count)
    }
  }
}
