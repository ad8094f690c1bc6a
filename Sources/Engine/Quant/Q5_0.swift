// Q5_0: 32 weights in 22 bytes (5.5 bits per weight), symmetric.
//
//   offset  size  field
//        0     2  d      f16 scale
//        2     4  qh     fifth bits: bit j (of the little-endian UInt32) belongs to weight j
//        6    16  qs     low 4 bits: byte j holds weight j (low nibble) and j + 16 (high)
//
//   q[j] = low4[j] | bit(qh, j) << 4
//   w[j] = d * (q[j] - 16)                                  (ggml: dequantize_row_q5_0)

/// Q5_0 blocks (see the layout above).
enum BlockQ5_0: GroupedBlockFormat {
  static var type: TensorType { .q5_0 }
  static var groupsPerBlock: Int { 1 }

  @inline(__always) static func decode(_ block: UnsafeRawPointer, group: Int) -> Group32 {
    let d = block.half(at: 0)
    let qh = block.loadUnaligned(fromByteOffset: 2, as: UInt32.self)
    let q = block.bytes16(at: 6)
    return Group32(
      lo: (floats(widened(q & 0x0F) | fifthBits(qh, from: 0)) - 16) * d,
      hi: (floats(widened(q &>> 4) | fifthBits(qh, from: 16)) - 16) * d)
  }
}

extension BlockQ5_0: SymmetricBlockFormat {
  @inline(__always) static func integers(_ block: UnsafeRawPointer, group: Int) -> IntegerBlock {
    let qh = block.loadUnaligned(fromByteOffset: 2, as: UInt32.self)
    let q = block.bytes16(at: 6)
    return IntegerBlock(
      lo: int16s(q & 0x0F | fifthBytes(qh, from: 0), minus: 16),
      hi: int16s(q &>> 4 | fifthBytes(qh, from: 16), minus: 16),
      scale: block.half(at: 0))
  }
}

/// Bits `start ..< start + 16` of `qh` as 0 or 16 in byte lanes.
@inline(__always) func fifthBytes(_ qh: UInt32, from start: UInt32) -> SIMD16<UInt8> {
  var result = SIMD16<UInt8>()
  for j in 0..<16 { result[j] = UInt8(truncatingIfNeeded: ((qh &>> (start &+ UInt32(j))) & 1) &<< 4) }
  return result
}

/// Bits `start ..< start + 16` of `qh` (the fifth bits of Q5_0 and Q5_1 weights), as 0 or 16
/// in 32-bit lanes (a variable vector shift; byte lanes would not vectorize).
@inline(__always) func fifthBits(_ qh: UInt32, from start: UInt32) -> SIMD16<UInt32> {
  var result = SIMD16<UInt32>()
  for j in 0..<16 { result[j] = ((qh &>> (start &+ UInt32(j))) & 1) &<< 4 }
  return result
}
