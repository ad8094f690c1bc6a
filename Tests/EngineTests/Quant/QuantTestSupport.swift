import Foundation

import Engine

/// A small seeded generator (SplitMix64), so random test data is the same on every run.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Random tensor data in a given format, and the plain reference product to check kernels.
enum QuantTestData {
  /// The types lenscribe decodes.
  static let supported: [TensorType] = [
    .f32, .f16, .bf16, .q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q2_K, .q3_K, .q4_K, .q5_K, .q6_K,
    .iq4_NL, .iq4_XS,
  ]

  /// `rows x columns` random values stored in `type`: random code bytes with small finite f16
  /// scales for the quantized types, values in -1...1 for the float types.
  static func randomMatrix(
    _ type: TensorType, rows: Int, columns: Int, seed: UInt64
  ) -> [UInt8] {
    var generator = SeededGenerator(seed: seed)
    let count = rows * columns
    switch type {
    case .f32:
      return (0..<count).map { _ in Float.random(in: -1...1, using: &generator) }
        .withUnsafeBytes { Array($0) }
    case .f16:
      return (0..<count).map { _ in Float16(Float.random(in: -1...1, using: &generator)) }
        .withUnsafeBytes { Array($0) }
    case .bf16:
      return (0..<count).map { _ in
        UInt16(Float.random(in: -1...1, using: &generator).bitPattern >> 16)
      }.withUnsafeBytes { Array($0) }
    default:
      let blocks = count / type.blockSize
      var bytes = (0..<blocks * type.bytesPerBlock).map { _ in
        UInt8.random(in: 0...255, using: &generator)
      }
      for block in 0..<blocks {
        for offset in type.halfFieldOffsets {
          let scale = Float16(Float.random(in: -0.05...0.05, using: &generator))
          let bits = scale.bitPattern
          bytes[block * type.bytesPerBlock + offset] = UInt8(bits & 0xFF)
          bytes[block * type.bytesPerBlock + offset + 1] = UInt8(bits >> 8)
        }
      }
      return bytes
    }
  }

  /// `count` activations in -1...1.
  static func randomActivations(_ count: Int, seed: UInt64) -> [Float] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { _ in Float.random(in: -1...1, using: &generator) }
  }

  /// `y = W x` in double precision from the dequantized weights, with `sum |w x|` per output
  /// (the scale of the rounding error a float kernel may make).
  static func reference(
    weights: [Float], rows: Int, columns: Int, x: [Float], tokens: Int
  ) -> (values: [Double], magnitudes: [Double]) {
    var values = [Double](repeating: 0, count: rows * tokens)
    var magnitudes = [Double](repeating: 0, count: rows * tokens)
    weights.withUnsafeBufferPointer { w in
      x.withUnsafeBufferPointer { x in
        for t in 0..<tokens {
          for r in 0..<rows {
            var sum = 0.0
            var magnitude = 0.0
            for c in 0..<columns {
              let product = Double(w[r * columns + c]) * Double(x[t * columns + c])
              sum += product
              magnitude += abs(product)
            }
            values[t * rows + r] = sum
            magnitudes[t * rows + r] = magnitude
          }
        }
      }
    }
    return (values, magnitudes)
  }

  /// Per output (token-major), the most that rounding each token's activations to 16 bits
  /// (`max |x| / 32767` per step, half a step of error) can move it: `sum |w| * max |x| /
  /// 65534`. Zero for the formats that multiply in floats.
  static func activationRounding(_ matrix: QuantizedMatrix, x: [Float], tokens: Int) -> [Double] {
    let (rows, columns) = (matrix.rows, matrix.columns)
    guard matrix.type.multipliesInIntegers else {
      return [Double](repeating: 0, count: rows * tokens)
    }
    let weights = matrix.dequantized()
    let rowSums = (0..<rows).map { r in
      (0..<columns).reduce(0.0) { $0 + abs(Double(weights[r * columns + $1])) }
    }
    var result = [Double](repeating: 0, count: rows * tokens)
    for t in 0..<tokens {
      let largest = x[(t * columns)..<((t + 1) * columns)].reduce(0.0) { max($0, abs(Double($1))) }
      for r in 0..<rows {
        result[t * rows + r] = rowSums[r] * largest / 65534 * 1.001
      }
    }
    return result
  }

  /// The largest error a float sum of `columns` products may make in the kernel's order
  /// (a chain of `columns / 8` fused multiply-adds per lane, 3 lane additions, the tail), times
  /// `sum |w x|`: the standard bound `k u` with `u = 2^-24`.
  static func tolerance(columns: Int, magnitude: Double) -> Double {
    let steps = Double(columns / 8 + 3 + columns % 8 + 1)
    return steps * 0x1p-24 * magnitude * 1.001 + 1e-30
  }
}

/// A byte array that stays put while a `QuantizedMatrix` reads it.
final class ByteBox: @unchecked Sendable {
  let pointer: UnsafeMutableRawBufferPointer

  let count: Int

  init(_ bytes: [UInt8]) {
    count = bytes.count
    pointer = .allocate(byteCount: max(1, bytes.count), alignment: 64)
    bytes.withUnsafeBytes { pointer.copyMemory(from: $0) }
  }
  var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: pointer[0..<count]) }

  deinit { pointer.deallocate() }

  /// A matrix over these bytes.
  func matrix(_ type: TensorType, rows: Int, columns: Int, name: String = "test") throws
    -> QuantizedMatrix
  {
    try QuantizedMatrix(
      name: name, type: type, rows: rows, columns: columns, data: bytes, owner: self)
  }
}
