import Dispatch
import Engine
import Foundation

/// The plain F32 SIMD kernel the quantized ones are compared with: for every output, one dot
/// product of a dense F32 weight row with a token's activations, four SIMD8 accumulators (the
/// shape of ggml's `ggml_vec_dot_f32` on AVX2), rows split over the cores.
enum PlainF32Kernel {
  static func measure(rows: Int, columns: Int, tokens: Int) -> Double {
    let weights = SyntheticWeights(type: .f32, rows: rows, columns: columns)
    let w = UnsafeRawPointer(weights.bytes.baseAddress!)
    return KernelBenchmark.measure(rows: rows, columns: columns, tokens: tokens) { x, y in
      let job = Job(w: w, x: x.baseAddress!, y: y.baseAddress!, rows: rows, columns: columns,
        tokens: tokens)
      let parts = Parallel.processorCount
      DispatchQueue.concurrentPerform(iterations: parts) { part in
        job.run(rows: (rows * part / parts)..<(rows * (part + 1) / parts))
      }
      withExtendedLifetime(weights) {}
    }
  }

  struct Job: @unchecked Sendable {
    let w: UnsafeRawPointer
    let x: UnsafePointer<Float>
    let y: UnsafeMutablePointer<Float>
    let rows: Int
    let columns: Int
    let tokens: Int

    func run(rows range: Range<Int>) {
      for r in range {
        let row = w + r * columns * 4
        for t in 0..<tokens {
          let xt = UnsafeRawPointer(x + t * columns)
          var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
          var c = 0
          while c + 32 <= columns {
            let o = c * 4
            a0.addProduct(row.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self),
              xt.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self))
            a1.addProduct(row.loadUnaligned(fromByteOffset: o + 32, as: SIMD8<Float>.self),
              xt.loadUnaligned(fromByteOffset: o + 32, as: SIMD8<Float>.self))
            a2.addProduct(row.loadUnaligned(fromByteOffset: o + 64, as: SIMD8<Float>.self),
              xt.loadUnaligned(fromByteOffset: o + 64, as: SIMD8<Float>.self))
            a3.addProduct(row.loadUnaligned(fromByteOffset: o + 96, as: SIMD8<Float>.self),
              xt.loadUnaligned(fromByteOffset: o + 96, as: SIMD8<Float>.self))
            c += 32
          }
          var sum = ((a0 + a1) + (a2 + a3)).sum()
          while c < columns {
            sum += row.loadUnaligned(fromByteOffset: c * 4, as: Float.self) * x[t * columns + c]
            c += 1
          }
          y[t * rows + r] = sum
        }
      }
    }
  }
}
