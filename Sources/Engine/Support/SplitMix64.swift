/// A small seeded random generator (SplitMix64): the same seed gives the same numbers on every
/// machine, which `capacity` trials and synthetic model weights need.
package struct SplitMix64: RandomNumberGenerator {
  private var state: UInt64

  package init(seed: UInt64) { state = seed }

  package mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform index in `0..<count` (count > 0), by rejection so there is no modulo bias.
  package mutating func index(below count: Int) -> Int {
    let bound = UInt64(count)
    let limit = UInt64.max - UInt64.max % bound
    while true {
      let value = next()
      if value < limit { return Int(value % bound) }
    }
  }
}

extension SplitMix64 {
  /// `count` values uniform in [-half, half): 24 random bits each, so the Float arithmetic is
  /// exact up to the final scaling and the same on every machine.
  package mutating func uniform(_ count: Int, half: Float) -> [Float] {
    (0..<count).map { _ in (Float(next() >> 40) * 0x1p-23 - 1) * half }
  }
}
