/// A batch of activations rounded to 16-bit integers for `IntegerKernel`: token t's value c is
/// `scales[t] * Float(code(t, c))`, with one scale per token, `max |x| / 32767`.
///
/// The rounding error of a value is at most half a step, `max |x| / 65534`, about 1.5e-5 of
/// the token's largest activation (ggml rounds to 8 bits per 32 values instead). Each token is
/// rounded on its own, so a token's codes do not depend on the batch it is in. A token with an
/// infinite or NaN activation gets a NaN scale, so its outputs are NaN as in float arithmetic.
///
/// Layout: tokens in groups of 8 (the last padded with zeros); within a group, for each pair of
/// columns (2p, 2p + 1), 8 lanes of two codes, one lane per token. So one 32-byte load gives a
/// column pair for 8 tokens, ready for `vpmaddwd` against a weight pair repeated in 8 lanes.
struct IntegerActivations: @unchecked Sendable {
  static let maximumCode: Float = 32767
  /// Tokens per group (SIMD lanes).
  static let groupSize = 8

  let tokens: Int
  let columns: Int
  let groups: Int
  let codes: UnsafeMutablePointer<Int16>
  let scales: UnsafeMutablePointer<Float>

  /// Rounds `tokens` rows of `columns` (even) values at `x`. Call `deallocate()` when done.
  init(_ x: UnsafePointer<Float>, tokens: Int, columns: Int) {
    precondition(columns % 2 == 0)
    self.tokens = tokens
    self.columns = columns
    groups = (tokens + Self.groupSize - 1) / Self.groupSize
    let count = groups * Self.groupSize * columns
    codes = .allocate(capacity: count)
    codes.initialize(repeating: 0, count: count)
    scales = .allocate(capacity: tokens)
    for t in 0..<tokens {
      let row = x + t * columns
      var largest: Float = 0
      for c in 0..<columns { largest = max(largest, abs(row[c])) }
      guard largest.isFinite, largest > 0 else {
        scales[t] = largest == 0 ? 0 : .nan
        continue
      }
      scales[t] = largest / Self.maximumCode
      let inverse = Self.maximumCode / largest
      // Code (t, c) sits at ((group * columns/2 + c/2) * 8 + lane) * 2 + c % 2.
      let target = codes + (t / Self.groupSize) * Self.groupSize * columns
        + (t % Self.groupSize) * 2
      for c in 0..<columns {
        let scaled = min(max((row[c] * inverse).rounded(), -Self.maximumCode), Self.maximumCode)
        target[(c >> 1) * 2 * Self.groupSize + (c & 1)] = Int16(scaled)
      }
    }
  }

  /// Group `group`'s codes from column pair `pair` on: 32 bytes per pair.
  func group(_ group: Int, pair: Int) -> UnsafeRawPointer {
    UnsafeRawPointer(codes + group * Self.groupSize * columns + pair * 2 * Self.groupSize)
  }

  func deallocate() {
    codes.deallocate()
    scales.deallocate()
  }
}
