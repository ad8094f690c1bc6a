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

  /// Rounds `tokens` rows of `columns` (even) values at `x`, the tokens split over `threads`
  /// cores in groups of 8 (each token's codes depend only on its own row). Call `deallocate()`
  /// when done.
  init(_ x: UnsafePointer<Float>, tokens: Int, columns: Int, threads: Int = 1) {
    precondition(columns % 2 == 0)
    self.tokens = tokens
    self.columns = columns
    groups = (tokens + Self.groupSize - 1) / Self.groupSize
    let count = groups * Self.groupSize * columns
    codes = .allocate(capacity: count)
    // Only the last group has lanes no token writes (zero codes: they add nothing).
    if tokens % Self.groupSize != 0 {
      (codes + (groups - 1) * Self.groupSize * columns).initialize(
        repeating: 0, count: Self.groupSize * columns)
    }
    scales = .allocate(capacity: groups * Self.groupSize)
    scales.initialize(repeating: 0, count: groups * Self.groupSize)
    let rows = self
    let source = Int(bitPattern: x)
    Parallel.forEachRange(count: tokens, parts: threads, granule: Self.groupSize) { range in
      let x = UnsafePointer<Float>(bitPattern: source).unsafelyUnwrapped
      for t in range { rows.round(x, token: t) }
    }
  }

  /// Rounds token `t`'s row of `x` into its lanes of `codes` and its `scales` entry.
  private func round(_ x: UnsafePointer<Float>, token t: Int) {
    let raw = UnsafeMutableRawPointer(codes)
    let row = UnsafeRawPointer(x + t * columns)
    let main = columns & ~7
    var peak = SIMD8<Float>()
    var poison = SIMD8<Float>()  // NaN if any value is NaN or infinite
    for c in stride(from: 0, to: main, by: 8) {
      let v = row.loadUnaligned(fromByteOffset: c * 4, as: SIMD8<Float>.self)
      let magnitude = Self.magnitudes(v)
      peak.replace(with: magnitude, where: magnitude .> peak)
      poison += v * 0
    }
    var largest = peak.max()
    for c in main..<columns {
      largest = max(largest, abs(x[t * columns + c]))
      poison[0] += x[t * columns + c] * 0
    }
    if poison.sum().isNaN { largest = .nan }
    guard largest.isFinite, largest > 0 else {
      scales[t] = largest == 0 ? 0 : .nan
      return
    }
    scales[t] = largest / Self.maximumCode
    let inverse = Self.maximumCode / largest
    // Columns (2p, 2p + 1) of token t: 4 bytes at ((group * columns/2 + p) * 8 + lane) * 4.
    let target = raw + ((t / Self.groupSize) * Self.groupSize * columns
      + (t % Self.groupSize) * 2) * 2
    for c in stride(from: 0, to: main, by: 8) {
      let scaled = row.loadUnaligned(fromByteOffset: c * 4, as: SIMD8<Float>.self) * inverse
      let top = Self.maximumCode
      let clamped = scaled.replacing(with: top, where: scaled .> top)
        .replacing(with: -top, where: scaled .< -top)
      let pairs = SIMD8<Int16>(truncatingIfNeeded: Self.roundedIntegers(clamped))
      let words = unsafeBitCast(pairs, to: SIMD4<UInt32>.self)
      for i in 0..<4 {
        target.storeBytes(of: words[i], toByteOffset: (c / 2 + i) * 32, as: UInt32.self)
      }
    }
    for c in main..<columns {
      let value = x[t * columns + c] * inverse
      let code = Int16(min(max(value.rounded(), -Self.maximumCode), Self.maximumCode))
      target.storeBytes(of: code, toByteOffset: (c / 2) * 32 + (c % 2) * 2, as: Int16.self)
    }
  }

  /// The scales of group `group`'s 8 tokens (0 for the padding past the last token).
  func groupScales(_ group: Int) -> SIMD8<Float> {
    UnsafeRawPointer(scales + group * Self.groupSize).loadUnaligned(as: SIMD8<Float>.self)
  }

  /// Group `group`'s codes from column pair `pair` on: 32 bytes per pair.
  func group(_ group: Int, pair: Int) -> UnsafeRawPointer {
    UnsafeRawPointer(codes + group * Self.groupSize * columns + pair * 2 * Self.groupSize)
  }

  /// `v` rounded to the nearest integer, ties to even, for |v| < 2^22: adding 1.5 x 2^23 leaves
  /// the float's last bit at 1, so the addition itself rounds (in the default rounding mode,
  /// to nearest even) and the integer is in the low mantissa bits.
  @inline(__always) static func roundedIntegers(_ v: SIMD8<Float>) -> SIMD8<Int32> {
    let magic: Float = 12_582_912
    return unsafeBitCast(v + magic, to: SIMD8<Int32>.self) &- 0x4B40_0000
  }

  /// `|v|` lane by lane.
  @inline(__always) private static func magnitudes(_ v: SIMD8<Float>) -> SIMD8<Float> {
    unsafeBitCast(unsafeBitCast(v, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: SIMD8<Float>.self)
  }

  func deallocate() {
    codes.deallocate()
    scales.deallocate()
  }
}
