extension QuantizedMatrix {
  /// `y[t * rows + r] = sum_c W[r, c] * x[t * columns + c]` for every token `t` in `0..<tokens`.
  ///
  /// Works block by block on the stored format and splits the rows into fixed contiguous
  /// pieces that `threads` cores take in turn. Symmetric formats (Q4_0, Q5_0, Q8_0, IQ4_NL,
  /// IQ4_XS) multiply in integers: each token's activations are first rounded to 16 bits
  /// (`IntegerActivations`: an error of at most 1.5e-5 of the token's largest activation per
  /// value; `IntegerKernel`).
  /// Each output is computed by one thread in one fixed order (see `MatrixKernel`), so the
  /// result is the same bits on every run, for every `threads`, and for every batch the token
  /// belongs to.
  public func multiply(
    _ x: UnsafeBufferPointer<Float>, tokens: Int, into y: UnsafeMutableBufferPointer<Float>,
    threads: Int = Parallel.processorCount
  ) {
    precondition(tokens >= 0 && threads >= 1)
    precondition(
      x.count >= tokens * columns,
      "'\(name)': \(tokens) tokens need \(tokens * columns) inputs, got \(x.count)")
    precondition(
      y.count >= tokens * rows,
      "'\(name)': \(tokens) tokens need room for \(tokens * rows) outputs, got \(y.count)")
    Self.multiply([self], x, tokens: tokens, into: [y], threads: threads)
  }

  /// `multiply` for several matrices that read the same input (a layer's query, key and value;
  /// its gate and up), as one parallel step: the input is rounded to integers once, and the
  /// rows of all the matrices are split into pieces that the threads take in turn. Each output
  /// has the same bits as from `multiply` of its own matrix.
  public static func multiply(
    _ matrices: [QuantizedMatrix], _ x: UnsafeBufferPointer<Float>, tokens: Int,
    into outputs: [UnsafeMutableBufferPointer<Float>], threads: Int = Parallel.processorCount
  ) {
    precondition(tokens >= 0 && threads >= 1 && matrices.count == outputs.count)
    guard let columns = matrices.first?.columns else { return }
    for (matrix, y) in zip(matrices, outputs) {
      precondition(
        matrix.columns == columns, "'\(matrix.name)': \(matrix.columns) columns, not \(columns)")
      precondition(
        x.count >= tokens * columns,
        "'\(matrix.name)': \(tokens) tokens need \(tokens * columns) inputs, got \(x.count)")
      precondition(
        y.count >= tokens * matrix.rows,
        "'\(matrix.name)': \(tokens) tokens need room for \(tokens * matrix.rows) outputs, "
          + "got \(y.count)")
    }
    guard tokens > 0, let xStart = x.baseAddress else { return }
    let integers =
      matrices.contains { $0.format is any SymmetricBlockFormat.Type }
      ? IntegerActivations(xStart, tokens: tokens, columns: columns, threads: threads) : nil
    defer { integers?.deallocate() }
    var jobs: [MatrixMultiplication] = []
    var pieces: [(job: Int, rows: Range<Int>)] = []
    let totalRows = matrices.reduce(0) { $0 + $1.rows }
    let wanted = threads * MatrixMultiplication.piecesPerThread
    for (matrix, y) in zip(matrices, outputs) where matrix.rows > 0 {
      guard let yStart = y.baseAddress else { continue }
      let job = jobs.count
      jobs.append(
        MatrixMultiplication(
          matrix: matrix, x: xStart, tokens: tokens, y: yStart,
          integers: matrix.format is any SymmetricBlockFormat.Type ? integers : nil))
      let parts = max(1, (wanted * matrix.rows + totalRows / 2) / totalRows)
      for range in Parallel.split(
        count: matrix.rows, parts: parts, granule: MatrixMultiplication.panelRows)
      {
        pieces.append((job, range))
      }
    }
    let work = Pieces(jobs: jobs, pieces: pieces)
    Parallel.forEachPiece(pieces.indices.map { $0..<($0 + 1) }, threads: threads) { indices in
      for index in indices { work.run(index) }
    }
  }

  /// The pieces of one `multiply`: which job, which rows.
  private struct Pieces: Sendable {
    let jobs: [MatrixMultiplication]
    let pieces: [(job: Int, rows: Range<Int>)]

    func run(_ index: Int) {
      let piece = pieces[index]
      jobs[piece.job].run(rows: piece.rows)
    }
  }

  /// `multiply` on arrays: `x` holds `tokens` rows of `columns` values; the result `tokens`
  /// rows of `rows` values.
  public func multiply(_ x: [Float], tokens: Int, threads: Int = Parallel.processorCount)
    -> [Float]
  {
    precondition(x.count == tokens * columns, "'\(name)': expected \(tokens) x \(columns) inputs")
    return [Float](unsafeUninitializedCapacity: tokens * rows) { y, count in
      x.withUnsafeBufferPointer { x in
        multiply(x, tokens: tokens, into: y, threads: threads)
      }
      count = tokens * rows
    }
  }
}
