import Analysis
import Engine
import Foundation

/// Small hand-made traces and dictionaries whose right answers are known by construction.
enum Synthetic {
  /// An F32 matrix over `values` (`rows x columns`), owning its bytes.
  static func matrix(_ values: [Float], rows: Int, columns: Int) throws -> QuantizedMatrix {
    let owner = Bytes(values)
    return try QuantizedMatrix(
      name: "synthetic", type: .f32, rows: rows, columns: columns,
      data: UnsafeRawBufferPointer(owner.buffer), owner: owner)
  }

  /// The identity as an unembedding of width `d` (no norm weight effect: all ones, eps 0).
  static func identityUnembedding(_ d: Int) throws -> Unembedding {
    var values = [Float](repeating: 0, count: d * d)
    for i in 0..<d { values[i * d + i] = 1 }
    return try Unembedding(
      matrix: matrix(values, rows: d, columns: d), normWeight: .init(repeating: 1, count: d),
      epsilon: 0)
  }

  /// A trace of `layers` layers over `tokens` whose residual rows are given per layer and
  /// position by `row`, with no sublayer split (mid = output), attention from `pattern`
  /// (heads x query x key) and final logits equal to the last layer's rows.
  static func trace(
    tokens: [Int], layers: Int, width: Int, heads: Int = 1,
    row: (_ layer: Int, _ position: Int) -> [Float],
    mid: ((_ layer: Int, _ position: Int) -> [Float])? = nil,
    pattern: ((_ layer: Int, _ head: Int, _ query: Int, _ key: Int) -> Float)? = nil
  ) throws -> Trace {
    let n = tokens.count
    var residual: [Float] = []
    for layer in 0...layers { for position in 0..<n { residual += row(layer, position) } }
    var residualMid: [Float] = []
    for layer in 0..<layers {
      for position in 0..<n {
        residualMid += mid.map { $0(layer, position) } ?? row(layer + 1, position)
      }
    }
    let attention: [[Float]?] = (0..<layers).map { layer in
      guard let pattern else { return nil }
      var values: [Float] = []
      for head in 0..<heads {
        for query in 0..<n { for key in 0..<n { values.append(pattern(layer, head, query, key)) } }
      }
      return values
    }
    let logits = Array(residual[(layers * n * width)...])
    return try Trace(
      tokens: tokens, layerCount: layers, width: width, headCount: heads,
      vocabularySize: width, residual: residual, residualMid: residualMid,
      attention: attention, logits: logits)
  }
}

/// Float storage that stays put while a matrix reads it.
private final class Bytes: @unchecked Sendable {
  let buffer: UnsafeMutableBufferPointer<Float>

  init(_ values: [Float]) {
    buffer = .allocate(capacity: values.count)
    _ = buffer.initialize(from: values)
  }

  deinit { buffer.deallocate() }
}
