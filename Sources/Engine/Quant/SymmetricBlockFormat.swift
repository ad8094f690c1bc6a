/// A quantized format whose groups of 32 weights are each one scale times small signed
/// integers (Q4_0, Q5_0, Q8_0, IQ4_NL, and IQ4_XS's sub-blocks): `w[j] = d * q[j]`.
/// `QuantizedMatrix.multiply` runs these in integers (see `IntegerMultiplication`): the same
/// `d` and `q` as the float decoder, so `Float(q) * d` is exactly the weight the float path
/// sees.
protocol SymmetricBlockFormat: GroupedBlockFormat {
  /// Group `group` of the block at `block`: its 32 integer codes (`lo`: 0..<16, `hi`:
  /// 16..<32), centred, and its scale `d`.
  static func integers(_ block: UnsafeRawPointer, group: Int) -> IntegerBlock

  /// Decodes `blocks` blocks from `source` for `IntegerKernel` (see the extension below).
  static func decodeIntegers(
    _ source: UnsafeRawPointer, blocks: Int, codes: UnsafeMutableRawPointer,
    scales: UnsafeMutablePointer<Float>)
}

/// One group of 32 weights of a symmetric format decoded to integers: weight j is
/// `scale * Float(codes[j])`.
struct IntegerBlock {
  var lo: SIMD16<Int16>
  var hi: SIMD16<Int16>
  var scale: Float
}

extension SymmetricBlockFormat {
  /// Decodes `blocks` blocks from `source` for `IntegerKernel`, group by group: each pair of
  /// codes (j, j + 1) repeated in 8 lanes of 32 bytes, 16 pairs (512 bytes) per group of 32,
  /// to `codes`, and the groups' scales to `scales`.
  static func decodeIntegers(
    _ source: UnsafeRawPointer, blocks: Int, codes: UnsafeMutableRawPointer,
    scales: UnsafeMutablePointer<Float>
  ) {
    let stride = type.bytesPerBlock
    let groups = groupsPerBlock
    for b in 0..<blocks {
      for g in 0..<groups {
        let index = b &* groups &+ g
        let group = integers(source + b &* stride, group: g)
        let lo = unsafeBitCast(group.lo, to: SIMD8<Int32>.self)
        let hi = unsafeBitCast(group.hi, to: SIMD8<Int32>.self)
        let target = codes + index &* 512
        for i in 0..<8 {
          target.storeBytes(
            of: SIMD8<Int32>(repeating: lo[i]), toByteOffset: i &* 32, as: SIMD8<Int32>.self)
          target.storeBytes(
            of: SIMD8<Int32>(repeating: hi[i]), toByteOffset: 256 &+ i &* 32,
            as: SIMD8<Int32>.self)
        }
        scales[index] = group.scale
      }
    }
  }
}

/// 16 signed bytes widened to 16-bit lanes.
@inline(__always) func int16s(_ q: SIMD16<Int8>) -> SIMD16<Int16> {
  var result = SIMD16<Int16>()
  for i in 0..<16 { result[i] = Int16(q[i]) }
  return result
}

/// 16 unsigned bytes widened to 16-bit lanes, less `offset`.
@inline(__always) func int16s(_ q: SIMD16<UInt8>, minus offset: Int16) -> SIMD16<Int16> {
  var result = SIMD16<Int16>()
  for i in 0..<16 { result[i] = Int16(q[i]) &- offset }
  return result
}
