/// Causal multi-head attention with grouped key/value heads and an optional sliding window,
/// keeping the attention probabilities when asked.
struct Attention {
  let headCount: Int
  let kvHeadCount: Int
  let headDimension: Int
  let valueDimension: Int
  /// Factor applied to q·k before the softmax.
  let scoreScale: Float
  /// Scores are capped to `cap * tanh(q·k / cap)` before the scale (llama.cpp's order); nil:
  /// not capped.
  let softCap: SoftCap?
  /// Keys further back than `window - 1` positions are masked; nil: none are.
  let window: Int?

  /// Attends `tokens` queries `q` (`tokens x headCount x headDimension`) to keys `k` and values
  /// `v` (`tokens x kvHeadCount x ...`), writing `out` (`tokens x headCount x valueDimension`)
  /// and, when given, the probabilities (`headCount x tokens x tokens`, zero where masked).
  /// Work is split over (head, query) pairs; each pair is computed by one thread in one order.
  func run(
    q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>, tokens: Int,
    out: UnsafeMutablePointer<Float>, probabilities: UnsafeMutablePointer<Float>?, threads: Int
  ) {
    let shared = Pointers(q: q, k: k, v: v, out: out, probabilities: probabilities)
    let groupSize = headCount / kvHeadCount
    let qStride = headCount * headDimension
    let kStride = kvHeadCount * headDimension
    let vStride = kvHeadCount * valueDimension
    let outStride = headCount * valueDimension
    let (headDimension, valueDimension, scoreScale, window, softCap) =
      (self.headDimension, self.valueDimension, self.scoreScale, self.window, self.softCap)
    Parallel.forEachRange(count: headCount * tokens, parts: threads) { range in
      let scratch = UnsafeMutablePointer<Float>.allocate(capacity: tokens)
      defer { scratch.deallocate() }
      for pair in range {
        let head = pair / tokens
        let query = pair % tokens
        let kvHead = head / groupSize
        let first = window.map { max(0, query - $0 + 1) } ?? 0
        let count = query - first + 1
        let row = shared.probabilities.map { $0 + (head * tokens + query) * tokens } ?? scratch
        let qRow = shared.q + query * qStride + head * headDimension
        for key in first...query {
          let kRow = shared.k + key * kStride + kvHead * headDimension
          let score = VectorMath.dot(qRow, kRow, headDimension)
          row[key] = (softCap.map { $0(score) } ?? score) * scoreScale
        }
        VectorMath.softmax(row + first, count)
        let target = shared.out + query * outStride + head * valueDimension
        target.initialize(repeating: 0, count: valueDimension)
        for key in first...query {
          VectorMath.addScaled(
            target, shared.v + key * vStride + kvHead * valueDimension, row[key], valueDimension)
        }
        if shared.probabilities != nil {
          if first > 0 { row.initialize(repeating: 0, count: first) }
          if query + 1 < tokens { (row + query + 1).initialize(repeating: 0, count: tokens - query - 1) }
        }
      }
    }
  }

  /// The buffers of one call, handed to worker threads (each writes only its own rows).
  private struct Pointers: @unchecked Sendable {
    let q: UnsafePointer<Float>
    let k: UnsafePointer<Float>
    let v: UnsafePointer<Float>
    let out: UnsafeMutablePointer<Float>
    let probabilities: UnsafeMutablePointer<Float>?
  }
}
