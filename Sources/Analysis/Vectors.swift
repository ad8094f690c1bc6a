import Foundation

/// Reductions over Float vectors in a fixed order, accumulated in Double for stability.
enum Vectors {
  /// Euclidean norm of `x[start..<start+count]`.
  static func norm(_ x: [Float], _ start: Int, _ count: Int) -> Double {
    var sum = 0.0
    for i in start..<(start + count) { sum += Double(x[i]) * Double(x[i]) }
    return sum.squareRoot()
  }

  /// Norm of the difference of two rows.
  static func distance(
    _ a: [Float], _ aStart: Int, _ b: [Float], _ bStart: Int, _ count: Int
  ) -> Double {
    var sum = 0.0
    for i in 0..<count {
      let difference = Double(a[aStart + i]) - Double(b[bStart + i])
      sum += difference * difference
    }
    return sum.squareRoot()
  }

  /// Dot product of two rows.
  static func dot(
    _ a: [Float], _ aStart: Int, _ b: [Float], _ bStart: Int, _ count: Int
  ) -> Double {
    var sum = 0.0
    for i in 0..<count { sum += Double(a[aStart + i]) * Double(b[bStart + i]) }
    return sum
  }

  /// Cosine similarity of two rows; 0 when either is the zero vector.
  static func cosine(
    _ a: [Float], _ aStart: Int, _ b: [Float], _ bStart: Int, _ count: Int
  ) -> Double {
    let denominator = norm(a, aStart, count) * norm(b, bStart, count)
    guard denominator > 0 else { return 0 }
    return dot(a, aStart, b, bStart, count) / denominator
  }

  /// Median of `values` (mean of the middle two for an even count); 0 for none.
  static func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }

  /// Mean of `values`; 0 for none.
  static func mean(_ values: [Double]) -> Double {
    values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
  }
}
