// IQ4_NL: 32 weights in 18 bytes (4.5 bits per weight), symmetric with non-linear codes.
//
//   offset  size  field
//        0     2  d      f16 scale
//        2    16  qs     4-bit indices: byte j holds weight j (low nibble) and j + 16 (high)
//
//   w[j] = d * kvalues[q[j]]                               (ggml: dequantize_row_iq4_nl)
//   kvalues = -127 -104 -83 -65 -49 -35 -22 -10 1 13 25 38 53 69 89 113

/// IQ4_NL blocks (see the layout above).
enum BlockIQ4_NL: GroupedBlockFormat {
  static var type: TensorType { .iq4_NL }
  static var groupsPerBlock: Int { 1 }

  @inline(__always) static func decode(_ block: UnsafeRawPointer, group: Int) -> Group32 {
    integers(block, group: group).weights
  }
}

extension BlockIQ4_NL: SymmetricBlockFormat {
  @inline(__always) static func integers(_ block: UnsafeRawPointer, group: Int) -> IntegerBlock {
    let codes = IQ4Values.codes(block + 2)
    return IntegerBlock(lo: codes.lo, hi: codes.hi, scale: block.half(at: 0))
  }
}

/// The 16 values that IQ4_NL's and IQ4_XS's 4-bit indices stand for (ggml's `kvalues_iq4nl`).
enum IQ4Values {
  static let values: [Int16] = [
    -127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113,
  ]

  /// Entry `a | b << 4`: the values of indices a and b as two 16-bit lanes (a in the low
  /// half), so one load decodes the pair of neighbouring weights that `IntegerKernel`
  /// multiplies together. A bare pointer, allocated once for the process, keeps bounds checks
  /// out of the decode loop.
  nonisolated(unsafe) static let pairs: UnsafePointer<UInt32> = {
    let table = UnsafeMutablePointer<UInt32>.allocate(capacity: 256)
    for index in 0..<256 {
      let a = UInt16(bitPattern: values[index & 15])
      let b = UInt16(bitPattern: values[index >> 4])
      table[index] = UInt32(a) | UInt32(b) << 16
    }
    return UnsafePointer(table)
  }()

  /// The values of the 32 indices packed in the 16 bytes at `qs` (byte j: index j in the low
  /// nibble, index j + 16 in the high one), as `lo` (0..<16) and `hi` (16..<32).
  @inline(__always) static func codes(_ qs: UnsafeRawPointer) -> (
    lo: SIMD16<Int16>, hi: SIMD16<Int16>
  ) {
    let table = pairs
    var lo = SIMD8<UInt32>()
    var hi = SIMD8<UInt32>()
    for i in 0..<8 {
      // Bytes 2i and 2i + 1: their low nibbles are the pair (2i, 2i + 1) of `lo`, their high
      // nibbles the same pair of `hi`.
      let w = UInt32(qs.loadUnaligned(fromByteOffset: 2 &* i, as: UInt16.self))
      lo[i] = table[Int((w & 0x0F) | ((w &>> 4) & 0xF0))]
      hi[i] = table[Int(((w &>> 4) & 0x0F) | ((w &>> 8) & 0xF0))]
    }
    return (unsafeBitCast(lo, to: SIMD16<Int16>.self), unsafeBitCast(hi, to: SIMD16<Int16>.self))
  }
}

extension IntegerBlock {
  /// The 32 weights, `scale * Float(code)`: the IQ4 formats' float decoders are built on their
  /// integer decoders, so both paths see the same weights.
  @inline(__always) var weights: Group32 {
    Group32(lo: scale * floats(lo), hi: scale * floats(hi))
  }
}
