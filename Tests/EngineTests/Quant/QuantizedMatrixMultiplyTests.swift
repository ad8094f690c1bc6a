import Foundation
import Testing

import Engine

/// `QuantizedMatrix.multiply` against dequantize-then-multiply in double precision.
///
/// The kernel sums in float, so it may differ from the double reference by float rounding:
/// at most `k * 2^-24 * sum |w x|` for a sum of `k` steps (`QuantTestData.tolerance`). A wrong
/// weight, a skipped block or a misplaced output is off by far more than that. Symmetric
/// formats multiply activations rounded to 16 bits per token, which adds up to
/// `sum |w| * max |x| / 65534` (`QuantTestData.activationRounding`).
@Suite("Quantized matrix multiply")
struct QuantizedMatrixMultiplyTests {
  /// Token counts: the fused path (1), the tiled path with each remainder of 3 (2, 7, 32), a
  /// whole prompt (128).
  static let tokenCounts = [1, 2, 7, 32, 128]

  /// Checks `matrix.multiply` for `tokens` random tokens against the reference.
  static func check(_ matrix: QuantizedMatrix, tokens: Int, seed: UInt64) {
    let x = QuantTestData.randomActivations(tokens * matrix.columns, seed: seed)
    let y = matrix.multiply(x, tokens: tokens)
    let reference = QuantTestData.reference(
      weights: matrix.dequantized(), rows: matrix.rows, columns: matrix.columns, x: x,
      tokens: tokens)
    let rounding = QuantTestData.activationRounding(
      matrix, x: x, tokens: tokens)
    var failures = 0
    for i in 0..<y.count {
      let error = abs(Double(y[i]) - reference.values[i])
      let bound = QuantTestData.tolerance(
        columns: matrix.columns, magnitude: reference.magnitudes[i]) + rounding[i]
      if !(error <= bound) { failures += 1 }
    }
    let shape = "\(matrix.type.name) \(matrix.rows)x\(matrix.columns)"
    #expect(failures == 0, "\(shape), \(tokens) tokens: \(failures) outputs off")
  }

  @Test(
    "random matrices of every type agree with the reference",
    arguments: QuantTestData.supported)
  func randomMatrices(_ type: TensorType) throws {
    // 37 rows: tiles of 4 with a remainder of 1, over 2 threads. Columns: one block, and more
    // than one decode chunk (1024 columns) with a partial last chunk; float formats also get
    // a row length that is not a multiple of 8.
    var shapes = [(37, type.blockSize == 1 ? 8 : type.blockSize), (37, 1280)]
    if type.blockSize == 1 { shapes += [(9, 1100), (5, 13)] }
    for (rows, columns) in shapes {
      let bytes = ByteBox(
        QuantTestData.randomMatrix(type, rows: rows, columns: columns, seed: 7 + UInt64(columns)))
      let matrix = try bytes.matrix(type, rows: rows, columns: columns)
      for tokens in Self.tokenCounts {
        Self.check(matrix, tokens: tokens, seed: UInt64(tokens))
      }
    }
  }

  @Test("more tokens than one token block (256), and a panel with 1 to 16 rows left over")
  func longPrompt() throws {
    for (type, rows) in [(TensorType.q4_K, 21), (.f16, 3), (.q8_0, 16), (.iq4_XS, 6)] {
      let columns = type.blockSize == 1 ? 61 : 512
      let bytes = ByteBox(QuantTestData.randomMatrix(type, rows: rows, columns: columns, seed: 9))
      let matrix = try bytes.matrix(type, rows: rows, columns: columns)
      Self.check(matrix, tokens: 259, seed: 17)
    }
  }

  @Test(
    "a NaN or infinite activation makes its token's outputs NaN, and only those",
    arguments: [TensorType.q8_0, .q5_0, .q4_0, .iq4_NL, .iq4_XS, .f32])
  func nonFiniteActivations(_ type: TensorType) throws {
    let (rows, columns) = (8, max(64, type.blockSize))
    let bytes = ByteBox(QuantTestData.randomMatrix(type, rows: rows, columns: columns, seed: 4))
    let matrix = try bytes.matrix(type, rows: rows, columns: columns)
    var x = QuantTestData.randomActivations(3 * columns, seed: 6)
    x[columns + 5] = .nan
    x[2 * columns + 63] = .infinity
    let y = matrix.multiply(x, tokens: 3)
    #expect(y[0..<rows].allSatisfy { $0.isFinite })
    #expect(y[rows..<(2 * rows)].allSatisfy { $0.isNaN })
    #expect(y[(2 * rows)...].allSatisfy { !$0.isFinite })
  }

  /// Real weight matrices: (model, tensor, rows to take).
  static let realMatrices: [(String, String, Int)] = [
    ("smollm2-135m", "blk.0.ffn_down.weight", 64),  // Q4_1, 1536 columns
    ("smollm2-135m", "blk.0.attn_q.weight", 64),  // Q4_1, 576 columns
    ("smollm2-135m", "token_embd.weight", 64),  // Q8_0
    ("gemma3-270m", "blk.0.attn_output.weight", 64),  // Q4_K
    ("gemma3-270m", "blk.0.ffn_down.weight", 64),  // Q6_K, 2048 columns
    ("gemma3-270m", "blk.0.ffn_gate.weight", 64),  // Q5_0
    ("gemma3-270m", "blk.0.attn_norm.weight", 1),  // F32, a norm as a 1-row matrix
  ]

  @Test("real weight matrices agree with the reference", arguments: 0..<realMatrices.count)
  func realWeights(_ index: Int) throws {
    let (model, name, rows) = Self.realMatrices[index]
    let file = try GGUFFile(path: model == "smollm2-135m" ? TestModels.smollm2 : TestModels.gemma3)
    let tensor = try file.tensor(named: name)
    let whole = try QuantizedMatrix(file: file, tensor: tensor)
    #expect(whole.rows == tensor.rowCount && whole.columns == tensor.rowLength)
    // The first `rows` rows, read in place from the mapping.
    let data = file.data(of: tensor)
    let slice = try QuantizedMatrix(
      name: name, type: tensor.type, rows: rows, columns: whole.columns,
      data: UnsafeRawBufferPointer(rebasing: data[0..<(rows * whole.rowBytes)]), owner: file)
    for tokens in Self.tokenCounts {
      Self.check(slice, tokens: tokens, seed: 100 + UInt64(tokens))
    }
  }
}
