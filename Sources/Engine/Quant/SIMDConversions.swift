// Loads and conversions that the block decoders share. Element-wise loops on purpose: LLVM turns
// them into single vector instructions (vpmovzxbd + vcvtdq2ps, vcvtph2ps), whereas the standard
// library's generic SIMD conversion initializers compile to out-of-line calls.

extension UnsafeRawPointer {
  /// The IEEE half-precision float at `offset`, widened exactly to `Float`.
  @inline(__always) func half(at offset: Int) -> Float {
    Float(Float16(bitPattern: loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
  }

  /// 16 bytes at `offset`.
  @inline(__always) func bytes16(at offset: Int) -> SIMD16<UInt8> {
    loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt8>.self)
  }

  /// 8 floats at `offset`.
  @inline(__always) func floats8(at offset: Int) -> SIMD8<Float> {
    loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
  }
}

/// 16 unsigned bytes as floats (exact).
@inline(__always) func floats(_ q: SIMD16<UInt8>) -> SIMD16<Float> {
  var result = SIMD16<Float>()
  for i in 0..<16 { result[i] = Float(q[i]) }
  return result
}

/// 16 signed bytes as floats (exact).
@inline(__always) func floats(_ q: SIMD16<Int8>) -> SIMD16<Float> {
  var result = SIMD16<Float>()
  for i in 0..<16 { result[i] = Float(q[i]) }
  return result
}

/// 16 signed 16-bit integers as floats (exact).
@inline(__always) func floats(_ q: SIMD16<Int16>) -> SIMD16<Float> {
  var result = SIMD16<Float>()
  for i in 0..<16 { result[i] = Float(q[i]) }
  return result
}

/// 16 unsigned bytes widened to 32-bit lanes.
@inline(__always) func widened(_ q: SIMD16<UInt8>) -> SIMD16<UInt32> {
  var result = SIMD16<UInt32>()
  for i in 0..<16 { result[i] = UInt32(q[i]) }
  return result
}

/// 16 integers below 2^31 as floats (exact below 2^24).
@inline(__always) func floats(_ q: SIMD16<UInt32>) -> SIMD16<Float> {
  var result = SIMD16<Float>()
  for i in 0..<16 { result[i] = Float(Int32(bitPattern: q[i])) }
  return result
}

/// 8 IEEE half-precision bit patterns as floats (exact).
@inline(__always) func floats(halves q: SIMD8<UInt16>) -> SIMD8<Float> {
  var result = SIMD8<Float>()
  for i in 0..<8 { result[i] = Float(Float16(bitPattern: q[i])) }
  return result
}

/// 8 bfloat16 bit patterns as floats (exact: the top half of an IEEE float).
@inline(__always) func floats(bfloat16 q: SIMD8<UInt16>) -> SIMD8<Float> {
  var bits = SIMD8<UInt32>()
  for i in 0..<8 { bits[i] = UInt32(q[i]) &<< 16 }
  return unsafeBitCast(bits, to: SIMD8<Float>.self)
}

/// Bit `shift` of each of 16 bytes, as 0 or 1.
@inline(__always) func bit(_ q: SIMD16<UInt8>, _ shift: Int) -> SIMD16<UInt8> {
  (q &>> UInt8(truncatingIfNeeded: shift)) & 1
}

/// Stores 16 floats at `out` (no alignment needed).
@inline(__always) func store(_ v: SIMD16<Float>, _ out: UnsafeMutablePointer<Float>) {
  UnsafeMutableRawPointer(out).storeBytes(of: v, as: SIMD16<Float>.self)
}

/// Stores 8 floats at `out` (no alignment needed).
@inline(__always) func store(_ v: SIMD8<Float>, _ out: UnsafeMutablePointer<Float>) {
  UnsafeMutableRawPointer(out).storeBytes(of: v, as: SIMD8<Float>.self)
}

/// 8 floats at `p` (no alignment needed).
@inline(__always) func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
  UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}
