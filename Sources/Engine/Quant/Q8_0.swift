// Q8_0: 32 weights in 34 bytes (8.5 bits per weight), symmetric.
//
//   offset  size  field
//        0     2  d      f16 scale
//        2    32  qs     int8 codes, weight j in byte j
//
//   w[j] = d * q[j]                                         (ggml: dequantize_row_q8_0)

/// Q8_0 blocks (see the layout above).
enum BlockQ8_0: GroupedBlockFormat {
  static var type: TensorType { .q8_0 }
  static var groupsPerBlock: Int { 1 }

  @inline(__always) static func decode(_ block: UnsafeRawPointer, group: Int) -> Group32 {
    let d = block.half(at: 0)
    let q0 = block.loadUnaligned(fromByteOffset: 2, as: SIMD16<Int8>.self)
    let q1 = block.loadUnaligned(fromByteOffset: 18, as: SIMD16<Int8>.self)
    return Group32(lo: floats(q0) * d, hi: floats(q1) * d)
  }
}

extension BlockQ8_0: SymmetricBlockFormat {
  @inline(__always) static func integers(_ block: UnsafeRawPointer, group: Int) -> IntegerBlock {
    IntegerBlock(
      lo: int16s(block.loadUnaligned(fromByteOffset: 2, as: SIMD16<Int8>.self)),
      hi: int16s(block.loadUnaligned(fromByteOffset: 18, as: SIMD16<Int8>.self)),
      scale: block.half(at: 0))
  }
}
