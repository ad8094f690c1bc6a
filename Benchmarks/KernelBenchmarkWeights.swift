import Dispatch
import Engine
import Foundation

/// Random weights in one format: random code bytes with small, normal f16 scales (no
/// subnormals, which would slow some CPUs down and not be representative), or random floats.
final class SyntheticWeights: @unchecked Sendable {
  let type: TensorType
  let rows: Int
  let columns: Int
  let bytes: UnsafeMutableRawBufferPointer

  init(type: TensorType, rows: Int, columns: Int) {
    self.type = type
    self.rows = rows
    self.columns = columns
    let count = rows * columns / type.blockSize * type.bytesPerBlock
    bytes = .allocate(byteCount: count, alignment: 64)
    var generator = SplitMix(seed: UInt64(type.rawValue) &+ UInt64(rows))
    let words = count / 8
    let base = bytes.baseAddress!
    for i in 0..<words {
      base.storeBytes(of: generator.next(), toByteOffset: i * 8, as: UInt64.self)
    }
    for i in (words * 8)..<count { bytes[i] = UInt8(truncatingIfNeeded: generator.next()) }
    switch type {
    case .f32:
      for i in 0..<(count / 4) {
        let value = Float(Int64(bitPattern: generator.next()) >> 40) * 0x1p-23
        base.storeBytes(of: value, toByteOffset: i * 4, as: Float.self)
      }
    case .f16, .bf16:
      for i in 0..<(count / 2) {
        let value = Float(Int64(bitPattern: generator.next()) >> 40) * 0x1p-23
        let bits = type == .f16 ? Float16(value).bitPattern : UInt16(value.bitPattern >> 16)
        base.storeBytes(of: bits, toByteOffset: i * 2, as: UInt16.self)
      }
    default:
      let blocks = count / type.bytesPerBlock
      for block in 0..<blocks {
        for offset in type.halfFieldOffsets {
          let scale = Float16(0.001 + Float(generator.next() >> 40) * 0x1p-24 * 0.05)
          base.storeBytes(
            of: scale.bitPattern, toByteOffset: block * type.bytesPerBlock + offset,
            as: UInt16.self)
        }
      }
    }
  }

  deinit { bytes.deallocate() }

  func matrix() -> QuantizedMatrix? {
    try? QuantizedMatrix(
      name: "synthetic \(type.name)", type: type, rows: rows, columns: columns,
      data: UnsafeRawBufferPointer(bytes), owner: self)
  }
}

/// A small seeded generator (SplitMix64) for reproducible synthetic data.
struct SplitMix: RandomNumberGenerator {
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
