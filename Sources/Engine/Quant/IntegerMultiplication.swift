extension MatrixMultiplication {
  /// At most this many groups of 32 columns are decoded per chunk (16 rows x 16 groups x 512
  /// bytes = 128 KiB, in L2 with the chunk's activations); a row is cut into equal chunks of
  /// whole blocks (2 super-blocks of 8 groups for IQ4_XS).
  /// Longer chunks mean fewer kernel calls: measured on Gemma 3's unembedding (20 blocks a
  /// row) at 128 tokens, chunks of 10 blocks took 8% less time than chunks of 2.
  static let integerChunkGroups = 16
  /// Token groups of 8 per token block: a panel's running sums (16 rows x 256 tokens x 4
  /// bytes = 16 KiB) stay in L1/L2.
  static let integerBlockGroups = 32
  /// Rows whose outputs are gathered per token before they go to `y` (a multiple of
  /// `panelRows`): a token's outputs then reach `y` as runs of 1 KiB, not 64 bytes. Runs of
  /// 64 bytes rows-apart hit one cache set when `rows` is a power of two (Gemma's 262,144-row
  /// unembedding: 1 MiB apart).
  static let stagingRows = 256

  /// `run` for symmetric formats: like `runTiled`, but a panel's chunk is decoded into 16-bit
  /// codes (each pair repeated in 8 lanes) and one scale per group of 32 columns, and
  /// `IntegerKernel` multiplies them with the rounded activations, 4 rows by 16 tokens at a
  /// time. Each output is its float lane times the token's activation scale.
  func runInteger(
    _ range: Range<Int>, format: any SymmetricBlockFormat.Type, activations: IntegerActivations
  ) {
    let rows = matrix.rows
    let bytesPerBlock = matrix.type.bytesPerBlock
    let panelRows = Self.panelRows
    // Columns go in groups of 32 (`groupsPerBlock` to a stored block), one integer sum and
    // scale each; tokens in groups of 8 (`groups`, `blockGroups`).
    let groupsPerBlock = format.groupsPerBlock
    let blocksPerRow = matrix.columns / matrix.type.blockSize
    let chunkLimit = max(1, Self.integerChunkGroups / groupsPerBlock)
    let chunks = (blocksPerRow + chunkLimit - 1) / chunkLimit
    let chunkBlocks = max(1, (blocksPerRow + chunks - 1) / max(1, chunks))
    let chunkGroups = chunkBlocks * groupsPerBlock
    let blockGroups = min(activations.groups, Self.integerBlockGroups)
    let codeRow = chunkGroups * 512
    let codes = UnsafeMutableRawPointer.allocate(byteCount: panelRows * codeRow, alignment: 64)
    defer { codes.deallocate() }
    let scales = UnsafeMutablePointer<Float>.allocate(capacity: panelRows * chunkGroups)
    defer { scales.deallocate() }
    let partial = UnsafeMutablePointer<SIMD8<Float>>.allocate(capacity: panelRows * blockGroups)
    defer { partial.deallocate() }
    let stagingRows = min(Self.stagingRows, (range.count + panelRows - 1) / panelRows * panelRows)
    let blockTokens = blockGroups * IntegerActivations.groupSize
    let staging = UnsafeMutablePointer<Float>.allocate(capacity: stagingRows * blockTokens)
    defer { staging.deallocate() }
    let scaleRow = chunkGroups * 4
    let codeBase = UnsafeRawPointer(codes)
    let scaleBase = UnsafeRawPointer(scales)
    let rowBytes = matrix.rowBytes
    let source = UnsafeMutableRawPointer.allocate(byteCount: panelRows * rowBytes, alignment: 64)
    defer { source.deallocate() }

    var firstGroup = 0
    while firstGroup < activations.groups {
      let groups = min(blockGroups, activations.groups - firstGroup)
      let firstToken = firstGroup * IntegerActivations.groupSize
      let tokenCount = min(groups * IntegerActivations.groupSize, tokens - firstToken)
      var stagingStart = range.lowerBound
      var panel = range.lowerBound
      while panel < range.upperBound {
        let panelCount = min(panelRows, range.upperBound - panel)
        let activeTiles = (panelCount + 3) / 4
        partial.initialize(repeating: .zero, count: panelRows * groups)
        // The panel's rows are one contiguous run: copied in one sequential sweep (which the
        // hardware prefetcher streams), they are decoded from L1/L2 instead of 16 interleaved
        // streams from memory.
        source.copyMemory(from: matrix.rowStart(panel), byteCount: panelCount * rowBytes)
        var startBlock = 0
        while startBlock < blocksPerRow {
          let width = min(chunkBlocks, blocksPerRow - startBlock)
          for r in 0..<panelCount {
            format.decodeIntegers(
              source + r * rowBytes + startBlock * bytesPerBlock, blocks: width,
              codes: codes + r * codeRow, scales: scales + r * chunkGroups)
          }
          let widthGroups = width * groupsPerBlock
          let pair = startBlock * groupsPerBlock * IntegerKernel.pairsPerBlock
          for tile in 0..<activeTiles {
            let first = tile * 4
            let count = min(4, panelCount - first)
            // Rows past `count` repeat the tile's first row; their sums are dropped.
            func row(_ r: Int) -> Int { first + (r < count ? r : 0) }
            let w = RowPointers(
              r0: codeBase + row(0) * codeRow, r1: codeBase + row(1) * codeRow,
              r2: codeBase + row(2) * codeRow, r3: codeBase + row(3) * codeRow)
            let s = RowPointers(
              r0: scaleBase + row(0) * scaleRow, r1: scaleBase + row(1) * scaleRow,
              r2: scaleBase + row(2) * scaleRow, r3: scaleBase + row(3) * scaleRow)
            var g = 0
            while g < groups {
              let x0 = activations.group(firstGroup + g, pair: pair)
              let acc = partial + (tile * groups + g) * 4
              if g + 1 < groups {
                let x1 = activations.group(firstGroup + g + 1, pair: pair)
                IntegerKernel.tile4x16(w, s, x0, x1, blocks: widthGroups, acc: acc)
                g += 2
              } else {
                IntegerKernel.tile4x8(w, s, x0, blocks: widthGroups, acc: acc)
                g += 1
              }
            }
          }
          startBlock += width
        }
        // Each tile's 4 row vectors (lanes: 8 tokens), times the tokens' scales, go to the
        // staging rows of their tokens as runs of 4. Rows past the panel and the padding
        // tokens of the last group land in staging's spare room and are never copied out.
        for g in 0..<groups {
          let groupToken = g * IntegerActivations.groupSize
          let scale = activations.groupScales(firstGroup + g)
          let target = staging + groupToken * stagingRows + (panel - stagingStart)
          for tile in 0..<activeTiles {
            let sums = partial + (tile * groups + g) * 4
            IntegerKernel.storeTransposed(
              sums[0] * scale, sums[1] * scale, sums[2] * scale, sums[3] * scale,
              to: target + tile * 4, stride: stagingRows)
          }
        }
        panel += panelRows
        if panel - stagingStart == stagingRows || panel >= range.upperBound {
          let count = min(panel, range.upperBound) - stagingStart
          for t in 0..<tokenCount {
            (y + (firstToken + t) * rows + stagingStart).update(
              from: staging + t * stagingRows, count: count)
          }
          stagingStart = panel
        }
      }
      firstGroup += groups
    }
  }
}
