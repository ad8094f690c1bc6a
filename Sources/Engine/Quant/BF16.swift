// BF16: bfloat16, 2 bytes per weight, little-endian: the top 16 bits of an IEEE single, so
// widening is a shift. A "block" is one weight.

/// bfloat16 weights.
enum BlockBF16: BlockFormat {
  static var type: TensorType { .bf16 }

  static func dequantize(
    _ source: UnsafeRawPointer, blocks: Int, into out: UnsafeMutablePointer<Float>
  ) {
    var i = 0
    while i &+ 8 <= blocks {
      store(decode(source, i), out + i)
      i &+= 8
    }
    while i < blocks {
      let bits = UInt32(source.loadUnaligned(fromByteOffset: 2 &* i, as: UInt16.self)) &<< 16
      out[i] = Float(bitPattern: bits)
      i &+= 1
    }
  }

  /// `blocks` (weights) must be a multiple of 8.
  static func dot4(
    _ rows: RowPointers, blocks: Int, x: UnsafePointer<Float>, acc: inout Accumulators4
  ) {
    var sums = acc
    var i = 0
    while i < blocks {
      let xv = load8(x + i)
      sums.a0.addProduct(decode(rows.r0, i), xv)
      sums.a1.addProduct(decode(rows.r1, i), xv)
      sums.a2.addProduct(decode(rows.r2, i), xv)
      sums.a3.addProduct(decode(rows.r3, i), xv)
      i &+= 8
    }
    acc = sums
  }

  /// Weights `i ..< i + 8` of the row at `row`.
  @inline(__always) static func decode(_ row: UnsafeRawPointer, _ i: Int) -> SIMD8<Float> {
    floats(bfloat16: row.loadUnaligned(fromByteOffset: 2 &* i, as: SIMD8<UInt16>.self))
  }
}
