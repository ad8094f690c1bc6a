extension QuantizedMatrix {
  /// `y[t * rows + r] = sum_c W[r, c] * x[t * columns + c]` for every token `t` in `0..<tokens`.
  ///
  /// Works block by block on the stored format and splits the rows over `threads` cores in
  /// fixed contiguous ranges. Symmetric formats (Q4_0, Q5_0, Q8_0) multiply in integers: each
  /// token's activations are first rounded to 16 bits (`IntegerActivations`: an error of at
  /// most 1.5e-5 of the token's largest activation per value; `IntegerKernel`). Each output
  /// is computed by one thread in one fixed order (see `MatrixKernel`), so the result is the
  /// same bits on every run, for every `threads`, and for every batch the token belongs to.
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
    guard tokens > 0, rows > 0, let xStart = x.baseAddress, let yStart = y.baseAddress else {
      return
    }
    let integers =
      format is any SymmetricBlockFormat.Type
      ? IntegerActivations(xStart, tokens: tokens, columns: columns, threads: threads) : nil
    defer { integers?.deallocate() }
    let job = MatrixMultiplication(
      matrix: self, x: xStart, tokens: tokens, y: yStart, integers: integers)
    Parallel.forEachRange(
      count: rows, parts: threads, granule: MatrixMultiplication.panelRows
    ) { range in
      job.run(rows: range)
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
