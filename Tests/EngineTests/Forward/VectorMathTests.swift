import Foundation
import Testing

@testable import Engine

/// The vectorized exponential and gated activations against the C library, value by value.
@Suite("Vector math")
struct VectorMathTests {
  @Test("exp of 8 lanes is within 2 ulp of expf from -87 to 88, and keeps NaN")
  func exponential() {
    var worst: Float = 0
    var x: Float = -87
    while x <= 88 {
      let lanes = SIMD8<Float>((0..<8).map { x + Float($0) * 0.0037 })
      let result = VectorMath.exp(lanes)
      for i in 0..<8 {
        let expected = expf(lanes[i])
        worst = max(worst, abs(result[i] - expected) / expected.ulp)
      }
      x += 0.0371
    }
    #expect(worst <= 2, "largest error \(worst) ulp")
    let special = VectorMath.exp(SIMD8(.nan, -1000, 1000, 0, 1, -1, 10, -10))
    #expect(special[0].isNaN)
    #expect(special[1] > 0 && special[1] < 1e-37)
    #expect(special[2].isFinite && special[2] > 1e38)
    #expect(special[3] == 1)
  }

  @Test("GELU-tanh and SiLU match the scalar formulas to 1e-6 relative", arguments: [
    ModelConfig.Activation.geluTanh, .silu,
  ])
  func activations(_ activation: ModelConfig.Activation) {
    let count = 1003  // not a multiple of 8: the padded tail too
    var gate = (0..<count).map { Float($0 - 500) * 0.021 }
    let up = (0..<count).map { 1 + Float($0 % 7) * 0.25 }
    let original = gate
    gate.withUnsafeMutableBufferPointer { g in
      up.withUnsafeBufferPointer { u in
        VectorMath.gatedActivation(g.baseAddress!, u.baseAddress!, count, activation)
      }
    }
    var failures = 0
    for i in 0..<count {
      let g = Double(original[i])
      let expected: Double
      switch activation {
      case .silu: expected = g / (1 + Foundation.exp(-g)) * Double(up[i])
      case .geluTanh:
        expected = 0.5 * g * (1 + tanh(0.7978845608028654 * (g + 0.044715 * g * g * g)))
          * Double(up[i])
      }
      if abs(Double(gate[i]) - expected) > 1e-6 * max(1, abs(expected)) { failures += 1 }
    }
    #expect(failures == 0, "\(failures) of \(count) values off")
  }
}
