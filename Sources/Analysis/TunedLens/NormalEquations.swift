import Engine
import Foundation

/// The least-squares fit of one translator, accumulated a batch of positions at a time.
///
/// With `x` a normalised residual row of the layer plus a constant 1 (for the bias) and `y`
/// the normalised output row, the fit minimises `sum |y - x B|²` plus a ridge that pulls `B`
/// towards the identity, i.e. towards the raw logit lens: with too little text the translator
/// falls back to the logit lens instead of inventing directions. Minimising the error in the
/// residual rather than in the logits loses nothing for the linear part: U's metric on the
/// errors is the same for every position, and least squares with one design for all outputs
/// has the same solution under any such metric.
///
/// The sums kept are `[X^T X | X^T Y]`, `(width + 1)` rows of `2 width + 1` columns, in Double;
/// each batch's products are computed in Float by the F32 matrix kernel (deterministic, in
/// parallel) over at most `batchSize` positions and then added.
struct NormalEquations {
  let width: Int
  private(set) var sums: [Double]
  private(set) var positions = 0

  /// Positions per product: a multiple of 8 (the kernel's lanes); short batches are padded with
  /// zero rows, which add nothing.
  static let batchSize = 256

  init(width: Int) {
    self.width = width
    sums = [Double](repeating: 0, count: (width + 1) * (2 * width + 1))
  }

  /// Adds `count` positions: `inputs` and `targets` hold `count` normalised rows of `width`.
  mutating func add(inputs: [Float], targets: [Float], count: Int) throws {
    precondition(count <= Self.batchSize && inputs.count == count * width && targets.count == inputs.count)
    let n = Self.batchSize
    let columns = 2 * width + 1
    // Z^T: its rows are the columns of Z = [X | 1 | Y], each n positions long.
    var transposed = [Float](repeating: 0, count: columns * n)
    for position in 0..<count {
      for i in 0..<width {
        transposed[i * n + position] = inputs[position * width + i]
        transposed[(width + 1 + i) * n + position] = targets[position * width + i]
      }
      transposed[width * n + position] = 1
    }
    let product = try transposed.withUnsafeBytes { bytes in
      let matrix = try QuantizedMatrix(
        name: "normal equations", type: .f32, rows: columns, columns: n, data: bytes,
        owner: nil)
      // Inputs: the first width + 1 rows of Z^T (X^T with its ones); output row t holds
      // sum over positions of x_t z_r for every column r of Z.
      return matrix.multiply(Array(transposed[0..<((width + 1) * n)]), tokens: width + 1)
    }
    for index in sums.indices { sums[index] += Double(product[index]) }
    positions += count
  }

  /// The translator `W` (rows: outputs) and `b`: `B = I + Δ`, with `Δ` solving
  /// `(X^T X + λ D) Δ = X^T Y - X^T X [I; 0]`, `D` the identity and `λ = ridge` times the mean
  /// of the diagonal of `X^T X` (so the ridge does not depend on how many positions were read).
  func solve(ridge: Double, layer: Int) throws -> (weight: [Float], bias: [Float]) {
    let m = width + 1
    let columns = 2 * width + 1
    var gram = [Double](repeating: 0, count: m * m)
    var right = [Double](repeating: 0, count: m * width)
    var trace = 0.0
    for t in 0..<m {
      for r in 0..<m { gram[t * m + r] = sums[t * columns + r] }
      trace += gram[t * m + t]
      for j in 0..<width {
        right[t * width + j] = sums[t * columns + m + j] - (j < m ? sums[t * columns + j] : 0)
      }
    }
    let lambda = ridge * trace / Double(m)
    for t in 0..<m { gram[t * m + t] += lambda }
    guard let factor = Self.cholesky(gram, size: m) else {
      throw TunedLensError.singular(layer: layer)
    }
    let delta = Self.solve(factor: factor, size: m, right: right, columns: width)
    var weight = [Float](repeating: 0, count: width * width)
    for output in 0..<width {
      for input in 0..<width {
        weight[output * width + input] =
          Float(delta[input * width + output] + (input == output ? 1 : 0))
      }
    }
    let bias = (0..<width).map { Float(delta[width * width + $0]) }
    return (weight, bias)
  }

  /// The lower triangle `L` of `A = L L^T` (row-major, `size²`), or nil when `A` is not
  /// positive definite.
  static func cholesky(_ a: [Double], size m: Int) -> [Double]? {
    var l = [Double](repeating: 0, count: m * m)
    for i in 0..<m {
      for j in 0...i {
        var sum = a[i * m + j]
        for k in 0..<j { sum -= l[i * m + k] * l[j * m + k] }
        if i == j {
          guard sum > 0 else { return nil }
          l[i * m + i] = sum.squareRoot()
        } else {
          l[i * m + j] = sum / l[j * m + j]
        }
      }
    }
    return l
  }

  /// `X` with `L L^T X = B` (`B`: `size` rows of `columns`), by forward then back substitution
  /// a whole row of right-hand sides at a time.
  static func solve(factor l: [Double], size m: Int, right b: [Double], columns: Int)
    -> [Double]
  {
    var z = b
    for i in 0..<m {
      for k in 0..<i where l[i * m + k] != 0 {
        let factor = l[i * m + k]
        for c in 0..<columns { z[i * columns + c] -= factor * z[k * columns + c] }
      }
      let pivot = 1 / l[i * m + i]
      for c in 0..<columns { z[i * columns + c] *= pivot }
    }
    for i in stride(from: m - 1, through: 0, by: -1) {
      for k in (i + 1)..<m where l[k * m + i] != 0 {
        let factor = l[k * m + i]
        for c in 0..<columns { z[i * columns + c] -= factor * z[k * columns + c] }
      }
      let pivot = 1 / l[i * m + i]
      for c in 0..<columns { z[i * columns + c] *= pivot }
    }
    return z
  }
}
