/// The F32 inner kernels of `QuantizedMatrix.multiply`: register tiles of 4 weight rows by 1, 2
/// or 3 tokens, over weights already decoded into a small cache-resident buffer (or F32
/// weights in place).
///
/// Every output keeps one SIMD8 accumulator whose lane `l` adds `w[c] * x[c]` for the columns
/// `c = 8k + l` in increasing `k`, one fused multiply-add each; `horizontalSum` then adds the
/// lanes in a fixed tree. That order is the same for every tile shape, every token count and
/// every thread split, and the per-format dot kernels (`BlockFormat.dot4`) follow it too, so
/// results are identical bits however the work is cut.
enum MatrixKernel {
  /// The lanes of `v` added in a fixed order: ((0+4)+(2+6)) + ((1+5)+(3+7)).
  @inline(__always) static func horizontalSum(_ v: SIMD8<Float>) -> Float {
    let four = v.lowHalf + v.highHalf
    let two = four.lowHalf + four.highHalf
    return two[0] + two[1]
  }

  /// Adds the columns `0 ..< count` (a multiple of 8) of rows `w` times tokens `x0`, `x1`, `x2`
  /// into `acc[4 t + r]` (token t, row r).
  static func tile4x3(
    _ w: RowPointers, _ x0: UnsafeRawPointer, _ x1: UnsafeRawPointer, _ x2: UnsafeRawPointer,
    count: Int, acc: UnsafeMutablePointer<SIMD8<Float>>
  ) {
    var a00 = acc[0]
    var a01 = acc[1]
    var a02 = acc[2]
    var a03 = acc[3]
    var a10 = acc[4]
    var a11 = acc[5]
    var a12 = acc[6]
    var a13 = acc[7]
    var a20 = acc[8]
    var a21 = acc[9]
    var a22 = acc[10]
    var a23 = acc[11]
    let end = count &* 4
    var offset = 0
    while offset < end {
      let v0 = x0.floats8(at: offset)
      let v1 = x1.floats8(at: offset)
      let v2 = x2.floats8(at: offset)
      let w0 = w.r0.floats8(at: offset)
      a00.addProduct(w0, v0)
      a10.addProduct(w0, v1)
      a20.addProduct(w0, v2)
      let w1 = w.r1.floats8(at: offset)
      a01.addProduct(w1, v0)
      a11.addProduct(w1, v1)
      a21.addProduct(w1, v2)
      let w2 = w.r2.floats8(at: offset)
      a02.addProduct(w2, v0)
      a12.addProduct(w2, v1)
      a22.addProduct(w2, v2)
      let w3 = w.r3.floats8(at: offset)
      a03.addProduct(w3, v0)
      a13.addProduct(w3, v1)
      a23.addProduct(w3, v2)
      offset &+= 32
    }
    acc[0] = a00
    acc[1] = a01
    acc[2] = a02
    acc[3] = a03
    acc[4] = a10
    acc[5] = a11
    acc[6] = a12
    acc[7] = a13
    acc[8] = a20
    acc[9] = a21
    acc[10] = a22
    acc[11] = a23
  }

  /// `tile4x3` for two tokens.
  static func tile4x2(
    _ w: RowPointers, _ x0: UnsafeRawPointer, _ x1: UnsafeRawPointer,
    count: Int, acc: UnsafeMutablePointer<SIMD8<Float>>
  ) {
    var a00 = acc[0]
    var a01 = acc[1]
    var a02 = acc[2]
    var a03 = acc[3]
    var a10 = acc[4]
    var a11 = acc[5]
    var a12 = acc[6]
    var a13 = acc[7]
    let end = count &* 4
    var offset = 0
    while offset < end {
      let v0 = x0.floats8(at: offset)
      let v1 = x1.floats8(at: offset)
      let w0 = w.r0.floats8(at: offset)
      a00.addProduct(w0, v0)
      a10.addProduct(w0, v1)
      let w1 = w.r1.floats8(at: offset)
      a01.addProduct(w1, v0)
      a11.addProduct(w1, v1)
      let w2 = w.r2.floats8(at: offset)
      a02.addProduct(w2, v0)
      a12.addProduct(w2, v1)
      let w3 = w.r3.floats8(at: offset)
      a03.addProduct(w3, v0)
      a13.addProduct(w3, v1)
      offset &+= 32
    }
    acc[0] = a00
    acc[1] = a01
    acc[2] = a02
    acc[3] = a03
    acc[4] = a10
    acc[5] = a11
    acc[6] = a12
    acc[7] = a13
  }

  /// `tile4x3` for one token.
  static func tile4x1(
    _ w: RowPointers, _ x0: UnsafeRawPointer, count: Int, acc: UnsafeMutablePointer<SIMD8<Float>>
  ) {
    var a0 = acc[0]
    var a1 = acc[1]
    var a2 = acc[2]
    var a3 = acc[3]
    let end = count &* 4
    var offset = 0
    while offset < end {
      let v0 = x0.floats8(at: offset)
      a0.addProduct(w.r0.floats8(at: offset), v0)
      a1.addProduct(w.r1.floats8(at: offset), v0)
      a2.addProduct(w.r2.floats8(at: offset), v0)
      a3.addProduct(w.r3.floats8(at: offset), v0)
      offset &+= 32
    }
    acc[0] = a0
    acc[1] = a1
    acc[2] = a2
    acc[3] = a3
  }

  /// The final value of one output: its accumulator's lanes, then the columns past the last
  /// multiple of 8 (`tail` of them, only for F32/F16/BF16 rows), in order.
  @inline(__always) static func finish(
    _ acc: SIMD8<Float>, tailWeights: UnsafePointer<Float>, tailX: UnsafePointer<Float>,
    tail: Int
  ) -> Float {
    var sum = horizontalSum(acc)
    for c in 0..<tail {
      sum.addProduct(tailWeights[c], tailX[c])
    }
    return sum
  }
}
