import Foundation

/// Rotary position embedding (RoPE) tables for one base and pairing, applied in place.
///
/// Dimension pair i (of `dimensions / 2`) of a head at position p turns by the angle
/// `p * scale * base^(-2i / dimensions) / factors[i]`, as ggml's `rope_ext` with frequency
/// factors computes it (no factors: all 1). `.adjacent` pairs (2i, 2i+1), `.halves` pairs
/// (i, i + dimensions/2). Dimensions past `dimensions` are left as they are.
struct RotaryEmbedding {
  let dimensions: Int
  let pairing: ModelConfig.RopePairing
  /// cos and sin per position and pair: `positions * dimensions / 2` each.
  private let cosines: [Float]
  private let sines: [Float]

  init(
    dimensions: Int, base: Float, scale: Float, factors: [Float]? = nil,
    pairing: ModelConfig.RopePairing, positions: Int
  ) {
    precondition(factors == nil || factors!.count == dimensions / 2)
    self.dimensions = dimensions
    self.pairing = pairing
    let pairs = dimensions / 2
    var cosines = [Float](repeating: 0, count: positions * pairs)
    var sines = [Float](repeating: 0, count: positions * pairs)
    for position in 0..<positions {
      for pair in 0..<pairs {
        var frequency = pow(Double(base), -2 * Double(pair) / Double(dimensions))
        if let factors { frequency /= Double(factors[pair]) }
        let angle = Double(position) * Double(scale) * frequency
        cosines[position * pairs + pair] = Float(cos(angle))
        sines[position * pairs + pair] = Float(sin(angle))
      }
    }
    self.cosines = cosines
    self.sines = sines
  }

  /// Rotates `heads` heads of `headWidth` values each, stored one after the other, for the
  /// token at `position`.
  func apply(_ x: UnsafeMutablePointer<Float>, heads: Int, headWidth: Int, position: Int) {
    let pairs = dimensions / 2
    cosines.withUnsafeBufferPointer { cosines in
      sines.withUnsafeBufferPointer { sines in
        let cosRow = cosines.baseAddress! + position * pairs
        let sinRow = sines.baseAddress! + position * pairs
        for head in 0..<heads {
          let v = x + head * headWidth
          for pair in 0..<pairs {
            let (i, j) = pairing == .adjacent ? (2 * pair, 2 * pair + 1) : (pair, pair + pairs)
            let a = v[i]
            let b = v[j]
            v[i] = a * cosRow[pair] - b * sinRow[pair]
            v[j] = a * sinRow[pair] + b * cosRow[pair]
          }
        }
      }
    }
  }
}
