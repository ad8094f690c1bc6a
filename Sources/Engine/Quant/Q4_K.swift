// Q4_K: a super-block of 256 weights in 144 bytes (4.5 bits per weight): 8 sub-blocks of 32
// weights, each with a 6-bit scale and a 6-bit minimum.
//
//   offset  size  field
//        0     2  d       f16 super-scale of the scales
//        2     2  dmin    f16 super-scale of the minimums
//        4    12  scales  8 scales and 8 minimums of 6 bits (`scaleAndMin` below):
//                           s < 4:  scale = b[s] & 63,  min = b[s + 4] & 63
//                           s >= 4: scale = (b[s + 4] & 15) | (b[s - 4] >> 6) << 4
//                                   min   = (b[s + 4] >> 4) | (b[s] >> 6) << 4
//       16   128  qs      4-bit codes: bytes 32 c ..< 32 c + 32 hold sub-block 2c (low
//                         nibbles) and sub-block 2c + 1 (high nibbles)
//
//   w[32 s + l] = (d * scale[s]) * q - (dmin * min[s])      (ggml: dequantize_row_q4_K)

/// Q4_K super-blocks (see the layout above).
enum BlockQ4_K: GroupedBlockFormat {
  static var type: TensorType { .q4_K }
  static var groupsPerBlock: Int { 8 }

  @inline(__always) static func decode(_ block: UnsafeRawPointer, group: Int) -> Group32 {
    let (scale, min) = scaleAndMin(block, group)
    let d = block.half(at: 0) * Float(scale)
    let m = block.half(at: 2) * Float(min)
    let offset = 16 &+ 32 &* (group &>> 1)
    let shift = UInt8(truncatingIfNeeded: 4 &* (group & 1))
    let q0 = (block.bytes16(at: offset) &>> shift) & 0x0F
    let q1 = (block.bytes16(at: offset &+ 16) &>> shift) & 0x0F
    return Group32(lo: d * floats(q0) - m, hi: d * floats(q1) - m)
  }
}

/// The 6-bit scale and minimum of sub-block `s` (0..<8) of a Q4_K or Q5_K super-block, whose
/// 12 packed bytes start at offset 4.
@inline(__always) func scaleAndMin(_ block: UnsafeRawPointer, _ s: Int) -> (UInt8, UInt8) {
  let b = block + 4
  if s < 4 {
    return (
      b.load(fromByteOffset: s, as: UInt8.self) & 63,
      b.load(fromByteOffset: s &+ 4, as: UInt8.self) & 63
    )
  }
  let packed = b.load(fromByteOffset: s &+ 4, as: UInt8.self)
  let scaleHigh = b.load(fromByteOffset: s &- 4, as: UInt8.self) &>> 6
  let minHigh = b.load(fromByteOffset: s, as: UInt8.self) &>> 6
  return ((packed & 0x0F) | (scaleHigh &<< 4), (packed &>> 4) | (minHigh &<< 4))
}
