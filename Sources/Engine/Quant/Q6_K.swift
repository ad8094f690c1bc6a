// Q6_K: a super-block of 256 weights in 210 bytes (6.5625 bits per weight): 16 sub-blocks of
// 16 weights, each with a signed 8-bit scale.
//
//   offset  size  field
//        0   128  ql      low 4 bits, see below
//      128    64  qh      high 2 bits, see below
//      192    16  scales  int8 scale of each sub-block
//      208     2  d       f16 super-scale
//
//   Weight i = 128 h + 32 k + l (h in 0..<2, k in 0..<4, l in 0..<32) has the low bits
//   ql[64 h + 32 (k & 1) + l] (low nibble for k < 2, high nibble for k >= 2) and the high bits
//   (qh[32 h + l] >> 2k) & 3; q = (low | high << 4) - 32, in sub-block s = i / 16, and
//   w[i] = (d * scale[s]) * q                               (ggml: dequantize_row_q6_K)

/// Q6_K super-blocks (see the layout above).
enum BlockQ6_K: GroupedBlockFormat {
  static var type: TensorType { .q6_K }
  static var groupsPerBlock: Int { 8 }

  @inline(__always) static func decode(_ block: UnsafeRawPointer, group: Int) -> Group32 {
    let d = block.half(at: 208)
    let half = group &>> 2
    let k = group & 3
    let lowOffset = 64 &* half &+ 32 &* (k & 1)
    let lowShift = UInt8(truncatingIfNeeded: 4 &* (k &>> 1))
    let highShift = UInt8(truncatingIfNeeded: 2 &* k)
    let low0 = (block.bytes16(at: lowOffset) &>> lowShift) & 0x0F
    let low1 = (block.bytes16(at: lowOffset &+ 16) &>> lowShift) & 0x0F
    let high0 = (block.bytes16(at: 128 &+ 32 &* half) &>> highShift) & 3
    let high1 = (block.bytes16(at: 144 &+ 32 &* half) &>> highShift) & 3
    let q0 = floats(low0 | (high0 &<< 4)) - 32
    let q1 = floats(low1 | (high1 &<< 4)) - 32
    let scale0 = d * Float(block.load(fromByteOffset: 192 &+ 2 &* group, as: Int8.self))
    let scale1 = d * Float(block.load(fromByteOffset: 193 &+ 2 &* group, as: Int8.self))
    return Group32(lo: scale0 * q0, hi: scale1 * q1)
  }
}
