/// One `QuantizedMatrix.multiply` call, run by each thread on its own range of rows.
///
/// Two ways, with identical results (same decoded floats, same accumulation order):
/// - few tokens: the format's fused `dot4` decodes 4 rows straight into registers and
///   multiplies them into each token's accumulators;
/// - more tokens: 4 rows at a time are decoded, a chunk of columns at a time, into a small F32
///   buffer that stays in L1 cache, and `MatrixKernel` tiles of 4 rows x 3 tokens run over it
///   for every token of a token block whose activations stay in L2. The decode is paid once per
///   row and token block instead of once per token.
struct MatrixMultiplication: @unchecked Sendable {
  /// Below this many tokens the fused path is faster than decoding into a buffer.
  static let fusedTokenLimit = 3
  /// Columns decoded per chunk: 4 rows x 1024 floats = 16 KiB, half of L1.
  static let chunkColumns = 1024
  /// Activations per token block: 128 Ki floats = 512 KiB, half of L2.
  static let tokenBlockFloats = 128 * 1024

  let matrix: QuantizedMatrix
  let x: UnsafePointer<Float>
  let tokens: Int
  let y: UnsafeMutablePointer<Float>

  func run(rows range: Range<Int>) {
    if tokens < Self.fusedTokenLimit {
      runFused(range)
    } else {
      runTiled(range)
    }
  }

  /// The four rows starting at `row`, the ones past `count` repeating the first (their
  /// results are computed and dropped), each advanced by `offset` bytes.
  private func rowPointers(_ row: Int, count: Int, offset: Int) -> RowPointers {
    let first = matrix.rowStart(row) + offset
    return RowPointers(
      r0: first,
      r1: count > 1 ? matrix.rowStart(row + 1) + offset : first,
      r2: count > 2 ? matrix.rowStart(row + 2) + offset : first,
      r3: count > 3 ? matrix.rowStart(row + 3) + offset : first)
  }

  private func runFused(_ range: Range<Int>) {
    let format = matrix.format
    let columns = matrix.columns
    let rows = matrix.rows
    let blockSize = matrix.type.blockSize
    // Float formats may have rows that are not a multiple of 8: the rest goes through `finish`.
    let mainColumns = blockSize == 1 ? columns & ~7 : columns
    let tail = columns - mainColumns
    let tailWeights = UnsafeMutablePointer<Float>.allocate(capacity: max(1, 4 * tail))
    defer { tailWeights.deallocate() }
    let tailOffset = mainColumns / blockSize * matrix.type.bytesPerBlock
    var row = range.lowerBound
    while row < range.upperBound {
      let count = min(4, range.upperBound - row)
      let pointers = rowPointers(row, count: count, offset: 0)
      for r in 0..<count where tail > 0 {
        format.dequantize(
          matrix.rowStart(row + r) + tailOffset, blocks: tail, into: tailWeights + r * tail)
      }
      for t in 0..<tokens {
        var acc = Accumulators4()
        let xRow = x + t * columns
        format.dot4(pointers, blocks: mainColumns / blockSize, x: xRow, acc: &acc)
        let sums = [acc.a0, acc.a1, acc.a2, acc.a3]
        for r in 0..<count {
          y[t * rows + row + r] = MatrixKernel.finish(
            sums[r], tailWeights: tailWeights + r * tail, tailX: xRow + mainColumns, tail: tail)
        }
      }
      row += 4
    }
  }

  private func runTiled(_ range: Range<Int>) {
    let format = matrix.format
    let columns = matrix.columns
    let rows = matrix.rows
    let blockSize = matrix.type.blockSize
    let bytesPerBlock = matrix.type.bytesPerBlock
    let inPlace = matrix.type == .f32
    let chunk = min(columns, max(blockSize, Self.chunkColumns / blockSize * blockSize))
    let tokenBlock = min(tokens, max(3, Self.tokenBlockFloats / columns))
    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 4 * chunk)
    defer { scratch.deallocate() }
    let partial = UnsafeMutablePointer<SIMD8<Float>>.allocate(capacity: 4 * tokenBlock)
    defer { partial.deallocate() }
    let xRaw = UnsafeRawPointer(x)

    var firstToken = 0
    while firstToken < tokens {
      let blockTokens = min(tokenBlock, tokens - firstToken)
      var row = range.lowerBound
      while row < range.upperBound {
        let count = min(4, range.upperBound - row)
        partial.initialize(repeating: .zero, count: 4 * blockTokens)
        var start = 0
        var weights = rowPointers(row, count: count, offset: 0)
        var width = 0
        while start < columns {
          width = min(chunk, columns - start)
          if inPlace {
            weights = rowPointers(row, count: count, offset: start * 4)
          } else {
            let offset = start / blockSize * bytesPerBlock
            for r in 0..<count {
              format.dequantize(
                matrix.rowStart(row + r) + offset, blocks: width / blockSize,
                into: scratch + r * chunk)
            }
            let base = UnsafeRawPointer(scratch)
            let stride = chunk * 4
            weights = RowPointers(
              r0: base,
              r1: count > 1 ? base + stride : base,
              r2: count > 2 ? base + 2 * stride : base,
              r3: count > 3 ? base + 3 * stride : base)
          }
          let width8 = width & ~7
          let xChunk = xRaw + (firstToken * columns + start) * 4
          let xStride = columns * 4
          var t = 0
          while t + 3 <= blockTokens {
            let x0 = xChunk + t * xStride
            MatrixKernel.tile4x3(
              weights, x0, x0 + xStride, x0 + 2 * xStride, count: width8, acc: partial + 4 * t)
            t += 3
          }
          if blockTokens - t == 2 {
            let x0 = xChunk + t * xStride
            MatrixKernel.tile4x2(weights, x0, x0 + xStride, count: width8, acc: partial + 4 * t)
          } else if blockTokens - t == 1 {
            MatrixKernel.tile4x1(
              weights, xChunk + t * xStride, count: width8, acc: partial + 4 * t)
          }
          start += width
        }
        // The last chunk's weights are still at `weights`: its columns past the last multiple
        // of 8 (float formats only) finish each output.
        let width8 = width & ~7
        let tail = width - width8
        let lastStart = columns - width
        let rowWeights = [weights.r0, weights.r1, weights.r2, weights.r3]
        for t in 0..<blockTokens {
          let token = firstToken + t
          let tailX = x + token * columns + lastStart + width8
          for r in 0..<count {
            let tailWeights = rowWeights[r].assumingMemoryBound(to: Float.self) + width8
            y[token * rows + row + r] = MatrixKernel.finish(
              partial[4 * t + r], tailWeights: tailWeights, tailX: tailX, tail: tail)
          }
        }
        row += 4
      }
      firstToken += blockTokens
    }
  }
}
