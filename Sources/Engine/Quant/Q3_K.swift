// Q3_K: a super-block of 256 weights in 110 bytes (3.4375 bits per weight): 16 sub-blocks of
// 16 weights, each with a signed 6-bit scale.
//
//   offset  size  field
//        0    32  hmask   third bits: bit b of hmask[l] belongs to weight 32 b + l
//       32    64  qs      low 2 bits, see below
//       96    12  scales  16 scales of 6 bits, stored with an offset of 32:
//                           low 4 bits of scale s: byte s (s < 8, low nibble) or
//                                                  byte s - 8 (s >= 8, high nibble)
//                           high 2 bits of scale s: bits 2 (s / 4) of byte 8 + s % 4
//      108     2  d       f16 super-scale
//
//   Weight i = 128 h + 32 k + l (h in 0..<2, k in 0..<4, l in 0..<32) has the low bits
//   (qs[32 h + l] >> 2k) & 3 and the high bit b = bit (4 h + k) of hmask[l];
//   q = low - (b == 1 ? 0 : 4), in sub-block s = i / 16, and
//   w[i] = (d * (scale[s] - 32)) * q                        (ggml: dequantize_row_q3_K)

/// Q3_K super-blocks (see the layout above).
enum BlockQ3_K: GroupedBlockFormat {
  static var type: TensorType { .q3_K }
  static var groupsPerBlock: Int { 8 }

  @inline(__always) static func decode(_ block: UnsafeRawPointer, group: Int) -> Group32 {
    let d = block.half(at: 108)
    let half = group &>> 2
    let shift = UInt8(truncatingIfNeeded: 2 &* (group & 3))
    let low0 = (block.bytes16(at: 32 &+ 32 &* half) &>> shift) & 3
    let low1 = (block.bytes16(at: 48 &+ 32 &* half) &>> shift) & 3
    let high0 = bit(block.bytes16(at: 0), group)
    let high1 = bit(block.bytes16(at: 16), group)
    // q + 4 = low + 4 * high lies in 0...7; subtracting 4 as floats is exact.
    let q0 = floats(low0 | (high0 &<< 2)) - 4
    let q1 = floats(low1 | (high1 &<< 2)) - 4
    let scale0 = d * Float(scale(block, 2 &* group))
    let scale1 = d * Float(scale(block, 2 &* group &+ 1))
    return Group32(lo: scale0 * q0, hi: scale1 * q1)
  }

  /// Sub-block `s`'s scale, offset removed (-32...31).
  @inline(__always) static func scale(_ block: UnsafeRawPointer, _ s: Int) -> Int {
    let low = block.load(fromByteOffset: 96 &+ (s & 7), as: UInt8.self) &>> (4 &* (s &>> 3))
    let high = block.load(fromByteOffset: 104 &+ (s & 3), as: UInt8.self) &>> (2 &* (s &>> 2))
    return Int((low & 0x0F) | ((high & 3) &<< 4)) &- 32
  }
}
