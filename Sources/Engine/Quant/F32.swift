// F32: IEEE single precision, 4 bytes per weight, little-endian. A "block" is one weight.

/// Unquantized single-precision weights.
enum BlockF32: BlockFormat {
  static var type: TensorType { .f32 }

  static func dequantize(
    _ source: UnsafeRawPointer, blocks: Int, into out: UnsafeMutablePointer<Float>
  ) {
    UnsafeMutableRawPointer(out).copyMemory(from: source, byteCount: blocks &* 4)
  }

  /// `blocks` (weights) must be a multiple of 8.
  static func dot4(
    _ rows: RowPointers, blocks: Int, x: UnsafePointer<Float>, acc: inout Accumulators4
  ) {
    var sums = acc
    var offset = 0
    while offset < blocks &* 4 {
      let xv = UnsafeRawPointer(x).floats8(at: offset)
      sums.a0.addProduct(rows.r0.floats8(at: offset), xv)
      sums.a1.addProduct(rows.r1.floats8(at: offset), xv)
      sums.a2.addProduct(rows.r2.floats8(at: offset), xv)
      sums.a3.addProduct(rows.r3.floats8(at: offset), xv)
      offset &+= 32
    }
    acc = sums
  }
}
