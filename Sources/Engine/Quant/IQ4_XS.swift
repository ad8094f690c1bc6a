// IQ4_XS: a super-block of 256 weights in 136 bytes (4.25 bits per weight): 8 sub-blocks of 32
// weights, each with a 6-bit scale, and IQ4_NL's non-linear codes.
//
//   offset  size  field
//        0     2  d         f16 super-scale
//        2     2  scales_h  high 2 bits of the 8 scales: bits 2s, 2s + 1 (little-endian)
//        4     4  scales_l  low 4 bits of the 8 scales: byte s / 2, low nibble for even s
//        8   128  qs        4-bit indices: bytes 16 s ..< 16 s + 16 hold sub-block s, byte j
//                           weight j (low nibble) and j + 16 (high)
//
//   scale[s] = (low4[s] | high2[s] << 4) - 32
//   w[32 s + j] = (d * scale[s]) * kvalues[q]              (ggml: dequantize_row_iq4_xs)

/// IQ4_XS super-blocks (see the layout above; `IQ4Values` for kvalues).
enum BlockIQ4_XS: GroupedBlockFormat {
  static var type: TensorType { .iq4_XS }
  static var groupsPerBlock: Int { 8 }

  @inline(__always) static func decode(_ block: UnsafeRawPointer, group: Int) -> Group32 {
    integers(block, group: group).weights
  }
}

extension BlockIQ4_XS: SymmetricBlockFormat {
  @inline(__always) static func integers(_ block: UnsafeRawPointer, group: Int) -> IntegerBlock {
    let high = (block.loadUnaligned(fromByteOffset: 2, as: UInt16.self) &>> (2 &* group)) & 3
    let lowByte = block.load(fromByteOffset: 4 &+ (group &>> 1), as: UInt8.self)
    let low = (lowByte &>> (4 &* (group & 1))) & 0x0F
    let scale = (Int(low) | (Int(high) &<< 4)) &- 32
    let codes = IQ4Values.codes(block + (8 &+ 16 &* group))
    return IntegerBlock(lo: codes.lo, hi: codes.hi, scale: block.half(at: 0) * Float(scale))
  }
}
