import Engine
import Foundation

/// `lenscribe-bench forward-profile MODEL.gguf [TOKENS]`: where a trace's time goes. Times, on
/// the real weights, each kind of matrix multiply summed over the blocks, the unembedding, and
/// the whole trace (median of 5 warm runs each), so the remainder is norms, RoPE, attention
/// and activations.
enum ForwardProfile {
  static func run(path: String, tokens n: Int) throws {
    let model = try Transformer(path: path)
    let c = model.config
    let ids = (0..<n).map { ($0 &* 7919) % min(30_000, c.vocabularySize) }
    var generator = SplitMix(seed: 7)
    func input(_ columns: Int) -> [Float] {
      (0..<(n * columns)).map { _ in Float.random(in: -1...1, using: &generator) }
    }
    func time(_ label: String, _ matrices: [QuantizedMatrix]) -> Double {
      guard let first = matrices.first else { return 0 }
      let x = input(first.columns)
      var y = [Float](repeating: 0, count: n * matrices.map(\.rows).max()!)
      let seconds = median {
        for matrix in matrices {
          x.withUnsafeBufferPointer { x in
            y.withUnsafeMutableBufferPointer { matrix.multiply(x, tokens: n, into: $0) }
          }
        }
      }
      let types = Set(matrices.map(\.type.name)).sorted().joined(separator: "/")
      let flops = matrices.reduce(0.0) { $0 + 2 * Double($1.rows * $1.columns * n) }
      print("  " + label.padding(toLength: 16, withPad: " ", startingAt: 0)
        + String(format: "%8.4f s  %6.1f GFLOP/s  ", seconds, flops / seconds / 1e9) + types)
      return seconds
    }
    print("\(model.model.name), \(n) tokens, \(Parallel.processorCount) threads")
    let layers = model.weights.layers
    var parts = 0.0
    parts += time("q", layers.map(\.query))
    parts += time("k", layers.map(\.key))
    parts += time("v", layers.map(\.value))
    parts += time("attn_output", layers.map(\.attentionOutput))
    parts += time("gate", layers.map(\.gate))
    parts += time("up", layers.map(\.up))
    parts += time("down", layers.map(\.down))
    parts += time("output", [model.weights.output])
    let total = median { _ = try? model.trace(tokens: ids) }
    print(String(format: "  trace           %8.4f s; rest (norms, RoPE, attention, ...) %.4f s",
      total, total - parts))
  }

  private static func median(_ body: () -> Void) -> Double {
    body()
    var times: [Double] = []
    for _ in 0..<5 {
      let start = DispatchTime.now()
      body()
      times.append(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
    }
    return times.sorted()[2]
  }
}
