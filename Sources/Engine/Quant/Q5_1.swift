// Q5_1: 32 weights in 24 bytes (6 bits per weight), with an offset.
//
//   offset  size  field
//        0     2  d      f16 scale
//        2     2  m      f16 offset (the block's minimum)
//        4     4  qh     fifth bits: bit j (of the little-endian UInt32) belongs to weight j
//        8    16  qs     low 4 bits: byte j holds weight j (low nibble) and j + 16 (high)
//
//   q[j] = low4[j] | bit(qh, j) << 4
//   w[j] = d * q[j] + m           (product rounded, then sum; ggml: dequantize_row_q5_1)

/// Q5_1 blocks (see the layout above).
enum BlockQ5_1: GroupedBlockFormat {
  static var type: TensorType { .q5_1 }
  static var groupsPerBlock: Int { 1 }

  @inline(__always) static func decode(_ block: UnsafeRawPointer, group: Int) -> Group32 {
    let d = block.half(at: 0)
    let m = block.half(at: 2)
    let qh = block.loadUnaligned(fromByteOffset: 4, as: UInt32.self)
    let q = block.bytes16(at: 8)
    return Group32(
      lo: floats(widened(q & 0x0F) | fifthBits(qh, from: 0)) * d + m,
      hi: floats(widened(q &>> 4) | fifthBits(qh, from: 16)) * d + m)
  }
}
