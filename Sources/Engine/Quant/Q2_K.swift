// Q2_K: a super-block of 256 weights in 84 bytes (2.625 bits per weight): 16 sub-blocks of 16
// weights, each with a 4-bit scale and a 4-bit minimum.
//
//   offset  size  field
//        0    16  scales  byte s: scale of sub-block s (low nibble), its minimum (high nibble)
//       16    64  qs      2-bit codes, see below
//       80     2  d       f16 super-scale of the scales
//       82     2  dmin    f16 super-scale of the minimums
//
//   Weight i = 128 h + 32 k + l (h in 0..<2, k in 0..<4, l in 0..<32) is
//   q = (qs[32 h + l] >> 2k) & 3, in sub-block s = i / 16, and
//   w[i] = (d * scale[s]) * q - (dmin * min[s])             (ggml: dequantize_row_q2_K)

/// Q2_K super-blocks (see the layout above).
enum BlockQ2_K: GroupedBlockFormat {
  static var type: TensorType { .q2_K }
  static var groupsPerBlock: Int { 8 }

  @inline(__always) static func decode(_ block: UnsafeRawPointer, group: Int) -> Group32 {
    let d = block.half(at: 80)
    let dmin = block.half(at: 82)
    let half = group &>> 2
    let shift = UInt8(truncatingIfNeeded: 2 &* (group & 3))
    let q0 = (block.bytes16(at: 16 &+ 32 &* half) &>> shift) & 3
    let q1 = (block.bytes16(at: 32 &+ 32 &* half) &>> shift) & 3
    let s0 = block.load(fromByteOffset: 2 &* group, as: UInt8.self)
    let s1 = block.load(fromByteOffset: 2 &* group &+ 1, as: UInt8.self)
    let scale0 = d * Float(s0 & 0x0F)
    let min0 = dmin * Float(s0 &>> 4)
    let scale1 = d * Float(s1 & 0x0F)
    let min1 = dmin * Float(s1 &>> 4)
    return Group32(lo: scale0 * floats(q0) - min0, hi: scale1 * floats(q1) - min1)
  }
}
