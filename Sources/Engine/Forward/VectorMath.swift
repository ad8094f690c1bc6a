import Foundation

/// The element-wise and per-row operations of the forward pass, on unsafe buffers.
///
/// Reductions run in one fixed order (SIMD lanes, then lanes summed), so results are the same
/// bits on every run.
enum VectorMath {
  /// Sum of `a[i] * b[i]` for `i < count`.
  @inline(__always)
  static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
    var acc0 = SIMD8<Float>.zero
    var acc1 = SIMD8<Float>.zero
    var i = 0
    let rawA = UnsafeRawPointer(a)
    let rawB = UnsafeRawPointer(b)
    while i + 16 <= count {
      let a0 = rawA.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
      let b0 = rawB.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
      let a1 = rawA.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self)
      let b1 = rawB.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self)
      acc0.addProduct(a0, b0)
      acc1.addProduct(a1, b1)
      i += 16
    }
    while i + 8 <= count {
      acc0.addProduct(
        rawA.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self),
        rawB.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self))
      i += 8
    }
    var sum = (acc0 + acc1).sum()
    while i < count {
      sum += a[i] * b[i]
      i += 1
    }
    return sum
  }

  /// `y[i] += alpha * x[i]`.
  @inline(__always)
  static func addScaled(_ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ alpha: Float, _ count: Int) {
    var i = 0
    let a = SIMD8<Float>(repeating: alpha)
    let rawX = UnsafeRawPointer(x)
    let rawY = UnsafeMutableRawPointer(y)
    while i + 8 <= count {
      var v = rawY.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
      v.addProduct(a, rawX.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self))
      rawY.storeBytes(of: v, toByteOffset: i * 4, as: SIMD8<Float>.self)
      i += 8
    }
    while i < count {
      y[i] += alpha * x[i]
      i += 1
    }
  }

  /// RMSNorm of each of `rows` rows of `width` values: `out = x / sqrt(mean(x^2) + eps) * w`.
  /// `out` may be `x`.
  static func rmsNorm(
    _ x: UnsafePointer<Float>, rows: Int, width: Int, weight: UnsafePointer<Float>,
    epsilon: Float, into out: UnsafeMutablePointer<Float>
  ) {
    for row in 0..<rows {
      let source = x + row * width
      let target = out + row * width
      let meanSquare = dot(source, source, width) / Float(width)
      let scale = 1 / (meanSquare + epsilon).squareRoot()
      for i in 0..<width { target[i] = source[i] * scale * weight[i] }
    }
  }

  /// Softmax in place over `count` values, with the maximum subtracted first.
  static func softmax(_ x: UnsafeMutablePointer<Float>, _ count: Int) {
    guard count > 0 else { return }
    var peak = -Float.infinity
    for i in 0..<count { peak = max(peak, x[i]) }
    var total: Float = 0
    for i in 0..<count {
      let e = expf(x[i] - peak)
      x[i] = e
      total += e
    }
    let inverse = 1 / total
    for i in 0..<count { x[i] *= inverse }
  }

  /// `gate[i] = act(gate[i]) * up[i]`: the gated activation of the feed-forward network,
  /// 8 values at a time (`gated`; the last few through a padded copy).
  static func gatedActivation(
    _ gate: UnsafeMutablePointer<Float>, _ up: UnsafePointer<Float>, _ count: Int,
    _ activation: ModelConfig.Activation
  ) {
    let g = UnsafeMutableRawPointer(gate)
    let u = UnsafeRawPointer(up)
    var i = 0
    while i + 8 <= count {
      let value = gated(
        g.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self),
        u.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self), activation)
      g.storeBytes(of: value, toByteOffset: i * 4, as: SIMD8<Float>.self)
      i += 8
    }
    if i < count {
      var gTail = SIMD8<Float>()
      var uTail = SIMD8<Float>()
      for j in i..<count {
        gTail[j - i] = gate[j]
        uTail[j - i] = up[j]
      }
      let value = gated(gTail, uTail, activation)
      for j in i..<count { gate[j] = value[j - i] }
    }
  }
}
