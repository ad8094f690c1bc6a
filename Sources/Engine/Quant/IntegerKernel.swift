/// The integer inner kernels of `QuantizedMatrix.multiply` for symmetric formats
/// (`SymmetricBlockFormat`): register tiles of 4 weight rows by 8 or 16 tokens, the tokens in
/// SIMD lanes (`IntegerActivations`' layout), over weight codes decoded into a small
/// cache-resident buffer where each pair of codes is repeated in 8 lanes (32 bytes).
///
/// A block here is 32 columns with one weight scale: a whole block of Q4_0, Q5_0, Q8_0 and
/// IQ4_NL, a sub-block of an IQ4_XS super-block.
///
/// Per block of 32 columns, row and token, the 32 products of codes are summed exactly in a
/// 32-bit lane, two products per `vpmaddwd` lane (16 column pairs, added in order; at most
/// 32 x 128 x 32767 < 2^31). The sum becomes a float (rounded to 24 bits above 2^24) and is
/// multiplied by the block's weight scale into the output's float lane, block after block.
/// Every output is computed in that one order whatever the tile, batch or thread split.
enum IntegerKernel {
  /// Column pairs per block of 32.
  static let pairsPerBlock = 16

  /// Lane i: `a[2i] * b[2i] + a[2i+1] * b[2i+1]` in 32 bits (LLVM emits one `vpmaddwd`).
  @inline(__always) static func multiplyAdd(_ a: SIMD16<Int16>, _ b: SIMD16<Int16>)
    -> SIMD8<Int32>
  {
    var result = SIMD8<Int32>()
    for i in 0..<8 {
      result[i] = Int32(a[2 &* i]) &* Int32(b[2 &* i])
        &+ Int32(a[2 &* i &+ 1]) &* Int32(b[2 &* i &+ 1])
    }
    return result
  }

  /// 8 integers as floats.
  @inline(__always) static func floats(_ v: SIMD8<Int32>) -> SIMD8<Float> {
    var result = SIMD8<Float>()
    for i in 0..<8 { result[i] = Float(v[i]) }
    return result
  }

  /// The 32 bytes at `offset` of `p`.
  @inline(__always) static func load(_ p: UnsafeRawPointer, _ offset: Int) -> SIMD16<Int16> {
    p.loadUnaligned(fromByteOffset: offset, as: SIMD16<Int16>.self)
  }

  /// The block scale at `block` of `s` in all lanes.
  @inline(__always) static func scale(_ s: UnsafeRawPointer, _ block: Int) -> SIMD8<Float> {
    SIMD8(repeating: s.load(fromByteOffset: block &* 4, as: Float.self))
  }

  /// Adds `blocks` blocks of rows `w` (repeated code pairs; block scales at `s`) times the two
  /// token groups at `x0` and `x1` into `acc[4 g + r]` (group g, row r; lane = token).
  static func tile4x16(
    _ w: RowPointers, _ s: RowPointers, _ x0: UnsafeRawPointer, _ x1: UnsafeRawPointer,
    blocks: Int, acc: UnsafeMutablePointer<SIMD8<Float>>
  ) {
    for b in 0..<blocks {
      var i00 = SIMD8<Int32>()
      var i01 = SIMD8<Int32>()
      var i02 = SIMD8<Int32>()
      var i03 = SIMD8<Int32>()
      var i10 = SIMD8<Int32>()
      var i11 = SIMD8<Int32>()
      var i12 = SIMD8<Int32>()
      var i13 = SIMD8<Int32>()
      // Two pairs per step: LLVM keeps each `multiplyAdd` a `vpmaddwd` in this form.
      for p in stride(from: 0, to: pairsPerBlock, by: 2) {
        let o = (b &* pairsPerBlock &+ p) &* 32
        let o2 = o &+ 32
        let v0 = load(x0, o)
        let v0b = load(x0, o2)
        let v1 = load(x1, o)
        let v1b = load(x1, o2)
        let w0 = load(w.r0, o)
        let w0b = load(w.r0, o2)
        i00 &+= multiplyAdd(w0, v0) &+ multiplyAdd(w0b, v0b)
        i10 &+= multiplyAdd(w0, v1) &+ multiplyAdd(w0b, v1b)
        let w1 = load(w.r1, o)
        let w1b = load(w.r1, o2)
        i01 &+= multiplyAdd(w1, v0) &+ multiplyAdd(w1b, v0b)
        i11 &+= multiplyAdd(w1, v1) &+ multiplyAdd(w1b, v1b)
        let w2 = load(w.r2, o)
        let w2b = load(w.r2, o2)
        i02 &+= multiplyAdd(w2, v0) &+ multiplyAdd(w2b, v0b)
        i12 &+= multiplyAdd(w2, v1) &+ multiplyAdd(w2b, v1b)
        let w3 = load(w.r3, o)
        let w3b = load(w.r3, o2)
        i03 &+= multiplyAdd(w3, v0) &+ multiplyAdd(w3b, v0b)
        i13 &+= multiplyAdd(w3, v1) &+ multiplyAdd(w3b, v1b)
      }
      let d0 = scale(s.r0, b)
      let d1 = scale(s.r1, b)
      let d2 = scale(s.r2, b)
      let d3 = scale(s.r3, b)
      acc[0].addProduct(floats(i00), d0)
      acc[1].addProduct(floats(i01), d1)
      acc[2].addProduct(floats(i02), d2)
      acc[3].addProduct(floats(i03), d3)
      acc[4].addProduct(floats(i10), d0)
      acc[5].addProduct(floats(i11), d1)
      acc[6].addProduct(floats(i12), d2)
      acc[7].addProduct(floats(i13), d3)
    }
  }

  /// `tile4x16` for one group of 8 tokens.
  static func tile4x8(
    _ w: RowPointers, _ s: RowPointers, _ x0: UnsafeRawPointer, blocks: Int,
    acc: UnsafeMutablePointer<SIMD8<Float>>
  ) {
    for b in 0..<blocks {
      var i0 = SIMD8<Int32>()
      var i1 = SIMD8<Int32>()
      var i2 = SIMD8<Int32>()
      var i3 = SIMD8<Int32>()
      for p in stride(from: 0, to: pairsPerBlock, by: 2) {
        let o = (b &* pairsPerBlock &+ p) &* 32
        let o2 = o &+ 32
        let v0 = load(x0, o)
        let v0b = load(x0, o2)
        i0 &+= multiplyAdd(load(w.r0, o), v0) &+ multiplyAdd(load(w.r0, o2), v0b)
        i1 &+= multiplyAdd(load(w.r1, o), v0) &+ multiplyAdd(load(w.r1, o2), v0b)
        i2 &+= multiplyAdd(load(w.r2, o), v0) &+ multiplyAdd(load(w.r2, o2), v0b)
        i3 &+= multiplyAdd(load(w.r3, o), v0) &+ multiplyAdd(load(w.r3, o2), v0b)
      }
      acc[0].addProduct(floats(i0), scale(s.r0, b))
      acc[1].addProduct(floats(i1), scale(s.r1, b))
      acc[2].addProduct(floats(i2), scale(s.r2, b))
      acc[3].addProduct(floats(i3), scale(s.r3, b))
    }
  }

  /// Writes lane t of `r0`...`r3` as the 4 floats at `target + t * stride`, for all 8 lanes.
  @inline(__always) static func storeTransposed(
    _ r0: SIMD8<Float>, _ r1: SIMD8<Float>, _ r2: SIMD8<Float>, _ r3: SIMD8<Float>,
    to target: UnsafeMutablePointer<Float>, stride: Int
  ) {
    let raw = UnsafeMutableRawPointer(target)
    for t in 0..<8 {
      raw.storeBytes(
        of: SIMD4(r0[t], r1[t], r2[t], r3[t]), toByteOffset: t &* stride &* 4,
        as: SIMD4<Float>.self)
    }
  }
}
