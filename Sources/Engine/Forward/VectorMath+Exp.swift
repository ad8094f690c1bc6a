extension VectorMath {
  /// `e^x` in 8 lanes (Cephes' single-precision method: `x = n ln 2 + r`, a degree-6
  /// polynomial for `e^r`, then `2^n` from the exponent bits), within 2 ulp of `expf` over
  /// the normal range. Inputs are clamped to -87...88, so the result is never 0 or infinite;
  /// NaN stays NaN.
  @inline(__always) static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
    // NaN compares false both ways and stays NaN.
    let clamped = x.replacing(with: 88, where: x .> 88).replacing(with: -87, where: x .< -87)
    // Adding 1.5 * 2^23 rounds to an integer n (to nearest, ties to even) that then sits in
    // the low mantissa bits: the bits of `shifted` are 0x4B40_0000 + n.
    let magic: Float = 0x1.8p23
    let shifted = clamped * 1.442_695_04 + magic
    let n = shifted - magic
    let r = clamped - n * 0.693_359_375 - n * -2.121_944_4e-4
    var p = SIMD8<Float>(repeating: 1.987_569_15e-4)
    p = p * r + 1.398_199_950_7e-3
    p = p * r + 8.333_451_907_3e-3
    p = p * r + 4.166_579_589_4e-2
    p = p * r + 1.666_666_545_9e-1
    p = p * r + 5.000_000_120_1e-1
    let e = p * (r * r) + r + 1
    let exponent = unsafeBitCast(shifted, to: SIMD8<UInt32>.self) &- 0x4B40_0000 &+ 127
    return e * unsafeBitCast(exponent &<< 23, to: SIMD8<Float>.self)
  }

  /// `act(g) * u` for 8 lanes: SiLU `g / (1 + e^-g)`, or GELU-tanh written as
  /// `g / (1 + e^(-2 sqrt(2/pi) (g + 0.044715 g^3)))` (the same function as
  /// `0.5 g (1 + tanh(...))`).
  @inline(__always) static func gated(
    _ g: SIMD8<Float>, _ u: SIMD8<Float>, _ activation: ModelConfig.Activation
  ) -> SIMD8<Float> {
    switch activation {
    case .silu:
      return g / (1 + exp(-g)) * u
    case .geluTanh:
      let c: Float = -2 * 0.797_884_560_802_865_4  // -2 sqrt(2 / pi)
      return g / (1 + exp(c * (g + 0.044715 * g * g * g))) * u
    }
  }
}
