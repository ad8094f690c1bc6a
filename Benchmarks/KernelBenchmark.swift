import Dispatch
import Engine
import Foundation

/// Throughput of `QuantizedMatrix.multiply` (GFLOP/s = 2 x rows x columns x tokens / median
/// time) for every supported format on the weight shapes of the real models, for 1, 32 and
/// 128 tokens, next to a plain F32 SIMD kernel on dense F32 weights measured in the same run.
enum KernelBenchmark {
  struct Shape {
    let rows: Int
    let columns: Int
    let label: String
  }

  static let shapes = [
    Shape(rows: 576, columns: 1536, label: "SmolLM2 ffn_down"),
    Shape(rows: 1536, columns: 576, label: "SmolLM2 ffn_up/gate"),
    Shape(rows: 640, columns: 2048, label: "Gemma ffn_down"),
    Shape(rows: 262_144, columns: 640, label: "Gemma output"),
  ]
  static let tokenCounts = [1, 32, 128]
  static let formats: [TensorType] = [
    .f32, .f16, .bf16, .q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q2_K, .q3_K, .q4_K, .q5_K, .q6_K,
    .iq4_NL, .iq4_XS,
  ]

  static func run() {
    let started = ContinuousClock.now
    let threads = Parallel.processorCount
    print("kernel     y = W x, GFLOP/s (2 x rows x columns x tokens / median time), "
      + "\(threads) threads; rows x columns = out x in")
    for shape in shapes {
      let header = "\(shape.rows) x \(shape.columns) (\(shape.label))"
      print("")
      print(pad(header, 34) + tokenCounts.map { pad("n=\($0)", 9, right: true) }.joined())
      let plain = tokenCounts.map { tokens in
        PlainF32Kernel.measure(rows: shape.rows, columns: shape.columns, tokens: tokens)
      }
      print(row("plain F32 SIMD (reference)", plain))
      for type in formats {
        let weights = SyntheticWeights(type: type, rows: shape.rows, columns: shape.columns)
        guard let matrix = weights.matrix() else {
          print(row(type.name, []))
          continue
        }
        let results = tokenCounts.map { tokens in
          measure(rows: shape.rows, columns: shape.columns, tokens: tokens) { x, y in
            matrix.multiply(x, tokens: tokens, into: y)
          }
        }
        print(row(type.name, results))
      }
    }
    print("")
    print("kernel     -: the format's 256-weight super-blocks do not divide the row length; "
      + "plain: one SIMD dot product per output")
    let elapsed = seconds(ContinuousClock.now - started)
    print("kernel     measured in \(String(format: "%.0f", elapsed)) s")
  }

  /// GFLOP/s of `body` (median over enough runs to fill about a third of a second, at least 3,
  /// after one warm-up run) on random activations.
  static func measure(
    rows: Int, columns: Int, tokens: Int,
    _ body: (UnsafeBufferPointer<Float>, UnsafeMutableBufferPointer<Float>) -> Void
  ) -> Double {
    var generator = SplitMix(seed: 42)
    let x = (0..<(tokens * columns)).map { _ in Float.random(in: -1...1, using: &generator) }
    var y = [Float](repeating: 0, count: tokens * rows)
    let clock = ContinuousClock()
    var times: [Double] = []
    x.withUnsafeBufferPointer { x in
      y.withUnsafeMutableBufferPointer { y in
        let first = seconds(clock.measure { body(x, y) })
        let runs = min(15, max(3, Int(0.35 / first)))
        for _ in 0..<runs {
          times.append(seconds(clock.measure { body(x, y) }))
        }
      }
    }
    times.sort()
    let flops = 2.0 * Double(rows) * Double(columns) * Double(tokens)
    return flops / times[times.count / 2] / 1e9
  }

  static func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
  }

  static func row(_ name: String, _ values: [Double]) -> String {
    let cells = values.isEmpty
      ? tokenCounts.map { _ in pad("-", 9, right: true) }
      : values.map { pad(String(format: "%.1f", $0), 9, right: true) }
    return pad("  " + name, 34) + cells.joined()
  }

  static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - text.count))
    return right ? fill + text : text + fill
  }
}
