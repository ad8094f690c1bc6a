import Foundation
import Testing

import Engine

/// The multiply gives the same bits however the work is split: run to run, for any thread
/// count, and whatever batch a token comes in.
@Suite("Quantized matrix multiply is deterministic")
struct QuantizedMatrixDeterminismTests {
  static func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }

  @Test("same bits on every run and for 1, 2, 3 and 8 threads", arguments: QuantTestData.supported)
  func threadCounts(_ type: TensorType) throws {
    let rows = 45
    let columns = type.blockSize == 1 ? 1100 : 1280
    let bytes = ByteBox(QuantTestData.randomMatrix(type, rows: rows, columns: columns, seed: 3))
    let matrix = try bytes.matrix(type, rows: rows, columns: columns)
    for tokens in [1, 2, 32] {
      let x = QuantTestData.randomActivations(tokens * columns, seed: 11)
      let first = Self.bits(matrix.multiply(x, tokens: tokens, threads: 1))
      #expect(Self.bits(matrix.multiply(x, tokens: tokens, threads: 1)) == first)
      for threads in [2, 3, 8] {
        #expect(
          Self.bits(matrix.multiply(x, tokens: tokens, threads: threads)) == first,
          "\(type.name), \(tokens) tokens, \(threads) threads")
      }
    }
  }

  @Test("a token's outputs do not depend on the batch it is in", arguments: QuantTestData.supported)
  func batchIndependence(_ type: TensorType) throws {
    let rows = 13
    let columns = type.blockSize == 1 ? 1100 : 1280
    let bytes = ByteBox(QuantTestData.randomMatrix(type, rows: rows, columns: columns, seed: 5))
    let matrix = try bytes.matrix(type, rows: rows, columns: columns)
    let tokens = 7
    let x = QuantTestData.randomActivations(tokens * columns, seed: 13)
    let batch = Self.bits(matrix.multiply(x, tokens: tokens))
    for t in 0..<tokens {
      let alone = Array(x[(t * columns)..<((t + 1) * columns)])
      #expect(
        Self.bits(matrix.multiply(alone, tokens: 1)) == Array(batch[(t * rows)..<((t + 1) * rows)]),
        "\(type.name), token \(t)")
    }
  }

  @Test("several matrices in one multiply give the same bits as each alone")
  func fused() throws {
    let columns = 1280
    let shapes: [(TensorType, Int)] = [(.q5_0, 70), (.q4_K, 33), (.q8_0, 16), (.q6_K, 5)]
    let boxes = shapes.enumerated().map { index, shape in
      ByteBox(QuantTestData.randomMatrix(shape.0, rows: shape.1, columns: columns, seed: UInt64(20 + index)))
    }
    let matrices = try zip(shapes, boxes).map { shape, box in
      try box.matrix(shape.0, rows: shape.1, columns: columns)
    }
    for tokens in [1, 9, 40] {
      let x = QuantTestData.randomActivations(tokens * columns, seed: 17)
      for threads in [1, 2, 5] {
        let buffers = matrices.map { matrix in
          let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: tokens * matrix.rows)
          buffer.initialize(repeating: .nan)
          return buffer
        }
        defer { buffers.forEach { $0.deallocate() } }
        x.withUnsafeBufferPointer { x in
          QuantizedMatrix.multiply(matrices, x, tokens: tokens, into: buffers, threads: threads)
        }
        for (matrix, buffer) in zip(matrices, buffers) {
          let output = Array(buffer)
          #expect(
            Self.bits(output) == Self.bits(matrix.multiply(x, tokens: tokens, threads: 1)),
            "\(matrix.type.name), \(tokens) tokens, \(threads) threads")
        }
      }
    }
  }

  @Test("the work split: contiguous, covering, aligned to the granule")
  func split() {
    #expect(Parallel.split(count: 37, parts: 2, granule: 4) == [0..<20, 20..<37])
    #expect(Parallel.split(count: 3, parts: 8, granule: 4) == [0..<3])
    #expect(Parallel.split(count: 0, parts: 2) == [])
    #expect(Parallel.split(count: 10, parts: 3) == [0..<3, 3..<6, 6..<10])
    #expect(Parallel.processorCount >= 1)
  }
}
