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
    let (high0, high1) = fifthBits(qh)
    return Group32(
      lo: (floats((q & 0x0F) | high0) - 16) * d,
      hi: (floats((q &>> 4) | high1) - 16) * d)
  }
}

/// The fifth bits of a 32-weight block (`qh` of Q5_0 and Q5_1) for weights 0..<16 and
/// 16..<32, as 0 or 16.
@inline(__always) func fifthBits(_ qh: UInt32) -> (SIMD16<UInt8>, SIMD16<UInt8>) {
  var low = SIMD16<UInt8>()
  var high = SIMD16<UInt8>()
  for j in 0..<16 {
    low[j] = UInt8(truncatingIfNeeded: (qh &>> UInt32(j)) & 1) &<< 4
    high[j] = UInt8(truncatingIfNeeded: (qh &>> UInt32(j + 16)) & 1) &<< 4
  }
  return (low, high)
}
