/// Top-k selection over a slice in one pass with a small sorted buffer.
enum TopK {
  /// The `k` offsets (0-based within `values`) of the largest values, largest first; ties
  /// go to the smaller offset.
  static func indices<C: Collection>(of values: C, k: Int) -> [Int]
  where C.Element == Float, C.Index == Int {
    guard k > 0 else { return [] }
    if k >= 64 {
      // A full sort beats the insertion buffer once k is large.
      let all = Array(values)
      let order = all.indices.sorted { all[$0] > all[$1] || (all[$0] == all[$1] && $0 < $1) }
      return Array(order.prefix(k))
    }
    var best: [(value: Float, index: Int)] = []
    best.reserveCapacity(k + 1)
    var offset = 0
    for value in values {
      if best.count < k || value > best[best.count - 1].value {
        var slot = best.count
        while slot > 0 && best[slot - 1].value < value { slot -= 1 }
        best.insert((value, offset), at: slot)
        if best.count > k { best.removeLast() }
      }
      offset += 1
    }
    return best.map(\.index)
  }
}
