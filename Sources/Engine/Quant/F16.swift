// F16: IEEE half precision, 2 bytes per weight, little-endian. A "block" is one weight.
// Widening to single precision is exact (subnormals, infinities and NaNs included).

/// Half-precision weights.
enum BlockF16: BlockFormat {
  static var type: TensorType { .f16 }

  static func dequantize(
    _ source: UnsafeRawPointer, blocks: Int, into out: UnsafeMutablePointer<Float>
  ) {
    var i = 0
    while i &+ 8 <= blocks {
      store(decode(source, i), out + i)
      i &+= 8
    }
    while i < blocks {
      out[i] = source.half(at: 2 &* i)
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
    floats(halves: row.loadUnaligned(fromByteOffset: 2 &* i, as: SIMD8<UInt16>.self))
  }
}
