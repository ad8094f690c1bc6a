// Q4_1: 32 weights in 20 bytes (5 bits per weight), with an offset.
//
//   offset  size  field
//        0     2  d      f16 scale
//        2     2  m      f16 offset (the block's minimum)
//        4    16  qs     4-bit codes: byte j holds weight j (low nibble) and j + 16 (high)
//
//   w[j] = d * q[j] + m           (product rounded, then sum; ggml: dequantize_row_q4_1)

/// Q4_1 blocks (see the layout above).
enum BlockQ4_1: GroupedBlockFormat {
  static var type: TensorType { .q4_1 }
  static var groupsPerBlock: Int { 1 }

  @inline(__always) static func decode(_ block: UnsafeRawPointer, group: Int) -> Group32 {
    let d = block.half(at: 0)
    let m = block.half(at: 2)
    let q = block.bytes16(at: 4)
    return Group32(
      lo: floats(q & 0x0F) * d + m,
      hi: floats(q &>> 4) * d + m)
  }
}
