/// One `QuantizedMatrix.multiply` call, run by each thread on its own range of rows. Symmetric
/// formats take the integer path (`runInteger`, in IntegerMultiplication.swift); the rest:
///
/// Two ways, with identical results (same decoded floats, same accumulation order):
/// - one token: the format's fused `dot4` decodes 4 rows straight into registers and
///   multiplies them into the token's accumulators;
/// - more tokens: a panel of 16 rows is decoded, 256 columns at a time, into a 16 KiB F32
///   buffer that stays in L1 cache; then for every 3 tokens (their 3 KiB of activations
///   loaded once into L1) `MatrixKernel.tile4x3` runs over each 4 rows of the panel, adding
///   into running sums kept per row and token. The decode is paid once per panel and block of
///   up to 256 tokens, and each activation fetched from L2 or L3 serves 16 rows.
struct MatrixMultiplication: @unchecked Sendable {
  /// Below this many tokens the fused path is faster than decoding into a buffer (measured:
  /// for one token it is up to 2x faster; from two tokens on, decoding once wins).
  static let fusedTokenLimit = 2
  /// Rows decoded together (a multiple of 4): each token's activations, once in L1, serve
  /// all of them.
  static let panelRows = 16
  /// Columns decoded per chunk: 16 rows x 256 floats = 16 KiB, half of L1.
  static let chunkColumns = 256
  /// Tokens per block: the panel's running sums (16 rows x 256 tokens x 32 bytes = 128 KiB)
  /// stay in L2; a panel's chunk of weights is decoded once per block.
  static let tokenBlock = 256
  /// Pieces of rows per thread: threads take pieces in turn, so a core that runs slower (a
  /// busy host, a lower clock) takes fewer of them instead of holding up the others.
  static let piecesPerThread = 8

  let matrix: QuantizedMatrix
  let x: UnsafePointer<Float>
  let tokens: Int
  let y: UnsafeMutablePointer<Float>
  /// The activations rounded to integers, for symmetric formats (see `runInteger`).
  let integers: IntegerActivations?

  func run(rows range: Range<Int>) {
    if let integers, let format = matrix.format as? any SymmetricBlockFormat.Type {
      runInteger(range, format: format, activations: integers)
    } else if tokens < Self.fusedTokenLimit {
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
        for r in 0..<count {
          y[t * rows + row + r] = MatrixKernel.finish(
            acc[r], tailWeights: tailWeights + r * tail, tailX: xRow + mainColumns, tail: tail)
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
    let panelRows = Self.panelRows
    let tiles = panelRows / 4
    let chunk = min(columns, max(blockSize, Self.chunkColumns / blockSize * blockSize))
    let tokenBlock = min(tokens, Self.tokenBlock)
    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: panelRows * chunk)
    defer { scratch.deallocate() }
    // Running sums of the panel: tile-major, then token, then the tile's 4 rows, so that a
    // kernel's 3 tokens x 4 rows are 12 consecutive accumulators.
    let partial = UnsafeMutablePointer<SIMD8<Float>>.allocate(capacity: panelRows * tokenBlock)
    defer { partial.deallocate() }
    // Where each tile's 4 rows of the current chunk are (in `scratch`, or in place for F32).
    let weights = UnsafeMutablePointer<RowPointers>.allocate(capacity: tiles)
    defer { weights.deallocate() }
    let origin = UnsafeRawPointer(scratch)
    weights.initialize(
      repeating: RowPointers(r0: origin, r1: origin, r2: origin, r3: origin), count: tiles)
    let xRaw = UnsafeRawPointer(x)
    let xStride = columns * 4
    let rowBytes = matrix.rowBytes
    let source = UnsafeMutableRawPointer.allocate(
      byteCount: inPlace ? 0 : panelRows * rowBytes, alignment: 64)
    defer { source.deallocate() }

    var firstToken = 0
    while firstToken < tokens {
      let blockTokens = min(tokenBlock, tokens - firstToken)
      var panel = range.lowerBound
      while panel < range.upperBound {
        let panelCount = min(panelRows, range.upperBound - panel)
        partial.initialize(repeating: .zero, count: panelRows * blockTokens)
        // The panel's contiguous rows in one sequential sweep, decoded from cache (as in
        // `runInteger`).
        if !inPlace {
          source.copyMemory(from: matrix.rowStart(panel), byteCount: panelCount * rowBytes)
        }
        var start = 0
        var width = 0
        while start < columns {
          width = min(chunk, columns - start)
          // The panel's rows for columns start..<start+width, as F32.
          for tile in 0..<tiles {
            let first = tile * 4
            let count = min(4, panelCount - first)
            guard count > 0 else { break }
            if inPlace {
              weights[tile] = rowPointers(panel + first, count: count, offset: start * 4)
            } else {
              let offset = start / blockSize * bytesPerBlock
              for r in 0..<count {
                format.dequantize(
                  source + (first + r) * rowBytes + offset, blocks: width / blockSize,
                  into: scratch + (first + r) * chunk)
              }
              let base = UnsafeRawPointer(scratch + first * chunk)
              let stride = chunk * 4
              weights[tile] = RowPointers(
                r0: base,
                r1: count > 1 ? base + stride : base,
                r2: count > 2 ? base + 2 * stride : base,
                r3: count > 3 ? base + 3 * stride : base)
            }
          }
          let width8 = width & ~7
          let xChunk = xRaw + firstToken * xStride + start * 4
          let activeTiles = (panelCount + 3) / 4
          var t = 0
          while t < blockTokens {
            let group = min(3, blockTokens - t)
            let x0 = xChunk + t * xStride
            for tile in 0..<activeTiles {
              let acc = partial + (tile * blockTokens + t) * 4
              switch group {
              case 3:
                MatrixKernel.tile4x3(
                  weights[tile], x0, x0 + xStride, x0 + 2 * xStride, count: width8, acc: acc)
              case 2:
                MatrixKernel.tile4x2(weights[tile], x0, x0 + xStride, count: width8, acc: acc)
              default:
                MatrixKernel.tile4x1(weights[tile], x0, count: width8, acc: acc)
              }
            }
            t += group
          }
          start += width
        }
        // The last chunk's weights are still in place: its columns past the last multiple of
        // 8 (float formats only) finish each output.
        let width8 = width & ~7
        let tail = width - width8
        let lastStart = columns - width
        for tile in 0..<((panelCount + 3) / 4) {
          let w = weights[tile]
          for t in 0..<blockTokens {
            let token = firstToken + t
            let tailX = x + token * columns + lastStart + width8
            for r in 0..<min(4, panelCount - tile * 4) {
              let tailWeights = w[r].assumingMemoryBound(to: Float.self) + width8
              y[token * rows + panel + tile * 4 + r] = MatrixKernel.finish(
                partial[(tile * blockTokens + t) * 4 + r], tailWeights: tailWeights,
                tailX: tailX, tail: tail)
            }
          }
        }
        panel += panelRows
      }
      firstToken += blockTokens
    }
  }
}
