// Q5_K: a super-block of 256 weights in 176 bytes (5.5 bits per weight): 8 sub-blocks of 32
// weights, each with a 6-bit scale and a 6-bit minimum.
//
//   offset  size  field
//        0     2  d       f16 super-scale of the scales
//        2     2  dmin    f16 super-scale of the minimums
//        4    12  scales  8 scales and 8 minimums of 6 bits, packed as in Q4_K
//       16    32  qh      fifth bits: bit s of qh[l] belongs to weight 32 s + l
//       48   128  qs      low 4 bits: bytes 32 c ..< 32 c + 32 hold sub-block 2c (low
//                         nibbles) and sub-block 2c + 1 (high nibbles)
//
//   q = low4 | fifth << 4
//   w[32 s + l] = (d * scale[s]) * q - (dmin * min[s])      (ggml: dequantize_row_q5_K)

/// Q5_K super-blocks (see the layout above).
enum BlockQ5_K: GroupedBlockFormat {
  static var type: TensorType { .q5_K }
  static var groupsPerBlock: Int { 8 }

  @inline(__always) static func decode(_ block: UnsafeRawPointer, group: Int) -> Group32 {
    let (scale, min) = scaleAndMin(block, group)
    let d = block.half(at: 0) * Float(scale)
    let m = block.half(at: 2) * Float(min)
    let offset = 48 &+ 32 &* (group &>> 1)
    let shift = UInt8(truncatingIfNeeded: 4 &* (group & 1))
    let high0 = bit(block.bytes16(at: 16), group) &<< 4
    let high1 = bit(block.bytes16(at: 32), group) &<< 4
    let q0 = ((block.bytes16(at: offset) &>> shift) & 0x0F) | high0
    let q1 = ((block.bytes16(at: offset &+ 16) &>> shift) & 0x0F) | high1
    return Group32(lo: d * floats(q0) - m, hi: d * floats(q1) - m)
  }
}
