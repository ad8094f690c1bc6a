// Q4_0: 32 weights in 18 bytes (4.5 bits per weight), symmetric.
//
//   offset  size  field
//        0     2  d      f16 scale
//        2    16  qs     4-bit codes: byte j holds weight j (low nibble) and j + 16 (high)
//
//   w[j] = d * (q[j] - 8)                                   (ggml: dequantize_row_q4_0)

/// Q4_0 blocks (see the layout above).
enum BlockQ4_0: GroupedBlockFormat {
  static var type: TensorType { .q4_0 }
  static var groupsPerBlock: Int { 1 }

  @inline(__always) static func decode(_ block: UnsafeRawPointer, group: Int) -> Group32 {
    let d = block.half(at: 0)
    let q = block.bytes16(at: 2)
    return Group32(
      lo: (floats(q & 0x0F) - 8) * d,
      hi: (floats(q &>> 4) - 8) * d)
  }
}

extension BlockQ4_0: SymmetricBlockFormat {
  @inline(__always) static func integers(_ block: UnsafeRawPointer, group: Int) -> IntegerBlock {
    let q = block.bytes16(at: 2)
    return IntegerBlock(
      lo: int16s(q & 0x0F, minus: 8), hi: int16s(q &>> 4, minus: 8), scale: block.half(at: 0))
  }
}
