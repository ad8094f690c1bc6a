/// 32 consecutive decoded values of a block: `lo` holds values 0..<16, `hi` values 16..<32.
struct Group32 {
  var lo: SIMD16<Float>
  var hi: SIMD16<Float>
}

/// A quantized format whose blocks decode in groups of 32 values (32 per block for the legacy
/// formats Q4_0...Q8_0, 8 per 256-value super-block for the K-quants).
///
/// A format only says how to decode one group; the dequantizer and the dot kernel below are
/// both built on that one decoder, so they see the same floats bit for bit.
protocol GroupedBlockFormat: BlockFormat {
  /// Groups of 32 values in one block.
  static var groupsPerBlock: Int { get }
  /// Decodes group `group` (values `32 * group ..< 32 * group + 32`) of the block at `block`.
  static func decode(_ block: UnsafeRawPointer, group: Int) -> Group32
}

extension GroupedBlockFormat {
  static func dequantize(
    _ source: UnsafeRawPointer, blocks: Int, into out: UnsafeMutablePointer<Float>
  ) {
    let stride = type.bytesPerBlock
    var block = source
    var target = out
    for _ in 0..<blocks {
      for group in 0..<groupsPerBlock {
        let values = decode(block, group: group)
        store(values.lo, target)
        store(values.hi, target + 16)
        target += 32
      }
      block += stride
    }
  }

  static func dot4(
    _ rows: RowPointers, blocks: Int, x: UnsafePointer<Float>, acc: inout Accumulators4
  ) {
    let stride = type.bytesPerBlock
    var sums = acc
    var rows = rows
    var x = x
    for _ in 0..<blocks {
      for group in 0..<groupsPerBlock {
        let x0 = load8(x)
        let x1 = load8(x + 8)
        let x2 = load8(x + 16)
        let x3 = load8(x + 24)
        let w0 = decode(rows.r0, group: group)
        sums.a0.addProduct(w0.lo.lowHalf, x0)
        sums.a0.addProduct(w0.lo.highHalf, x1)
        sums.a0.addProduct(w0.hi.lowHalf, x2)
        sums.a0.addProduct(w0.hi.highHalf, x3)
        let w1 = decode(rows.r1, group: group)
        sums.a1.addProduct(w1.lo.lowHalf, x0)
        sums.a1.addProduct(w1.lo.highHalf, x1)
        sums.a1.addProduct(w1.hi.lowHalf, x2)
        sums.a1.addProduct(w1.hi.highHalf, x3)
        let w2 = decode(rows.r2, group: group)
        sums.a2.addProduct(w2.lo.lowHalf, x0)
        sums.a2.addProduct(w2.lo.highHalf, x1)
        sums.a2.addProduct(w2.hi.lowHalf, x2)
        sums.a2.addProduct(w2.hi.highHalf, x3)
        let w3 = decode(rows.r3, group: group)
        sums.a3.addProduct(w3.lo.lowHalf, x0)
        sums.a3.addProduct(w3.lo.highHalf, x1)
        sums.a3.addProduct(w3.hi.lowHalf, x2)
        sums.a3.addProduct(w3.hi.highHalf, x3)
        x += 32
      }
      rows = rows.advanced(by: stride)
    }
    acc = sums
  }
}
