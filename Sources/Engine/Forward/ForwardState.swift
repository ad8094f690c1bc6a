/// The scratch buffers of one forward pass and the two sublayers of a block.
struct ForwardState {
  let config: ModelConfig
  let tokens: Int
  private var normed: [Float]
  private var q: [Float]
  private var k: [Float]
  private var v: [Float]
  private var heads: [Float]
  private var projected: [Float]
  private var gate: [Float]
  private var up: [Float]
  /// Called where an intervention or a capture may read or change a value: after the heads
  /// (`n x heads x valueDimension`) and with each sublayer's addition to the residual
  /// (`n x width`). Nil for a plain pass, which then costs one check per sublayer.
  var hook: ((_ layer: Int, _ point: HookPoint, _ values: UnsafeMutablePointer<Float>) -> Void)?

  /// The points `hook` is called at.
  enum HookPoint { case heads, attentionOutput, mlpOutput }

  init(config: ModelConfig, tokens n: Int) {
    self.config = config
    self.tokens = n
    let d = config.embeddingLength
    normed = [Float](repeating: 0, count: n * d)
    q = [Float](repeating: 0, count: n * config.headCount * config.headDimension)
    k = [Float](repeating: 0, count: n * config.kvHeadCount * config.headDimension)
    v = [Float](repeating: 0, count: n * config.kvHeadCount * config.valueDimension)
    heads = [Float](repeating: 0, count: n * config.headCount * config.valueDimension)
    projected = [Float](repeating: 0, count: n * d)
    gate = [Float](repeating: 0, count: n * config.feedForwardLength)
    up = [Float](repeating: 0, count: n * config.feedForwardLength)
  }

  /// `output = input + attention(norm(input))` (the attention output normed again where the
  /// architecture norms sublayer outputs).
  mutating func attentionSublayer(
    _ w: LayerWeights, layer: Int, input: UnsafePointer<Float>,
    output: UnsafeMutablePointer<Float>, rope: RotaryEmbedding, window: Int?,
    probabilities: inout [Float]?, threads: Int
  ) {
    let n = tokens
    let d = config.embeddingLength
    let c = config
    normed.withUnsafeMutableBufferPointer { normed in
      Self.rmsNorm(input, rows: n, width: d, weight: w.attentionNorm, epsilon: c.normEpsilon, into: normed.baseAddress!, threads: threads)
    }
    normed.withUnsafeBufferPointer { normed in
      q.withUnsafeMutableBufferPointer { q in
        k.withUnsafeMutableBufferPointer { k in
          v.withUnsafeMutableBufferPointer { v in
            QuantizedMatrix.multiply([w.query, w.key, w.value], normed, tokens: n, into: [q, k, v], threads: threads)
            for (x, bias) in [(q, w.queryBias), (k, w.keyBias), (v, w.valueBias)] {
              if let bias { Self.addBias(bias, to: x.baseAddress!, rows: n, threads: threads) }
            }
          }
        }
      }
    }
    q.withUnsafeMutableBufferPointer { q in
      k.withUnsafeMutableBufferPointer { k in
        if let qNorm = w.queryNorm, let kNorm = w.keyNorm {
          Self.rmsNorm(q.baseAddress!, rows: n * c.headCount, width: c.headDimension, weight: qNorm, epsilon: c.normEpsilon, into: q.baseAddress!, threads: threads)
          Self.rmsNorm(k.baseAddress!, rows: n * c.kvHeadCount, width: c.headDimension, weight: kNorm, epsilon: c.normEpsilon, into: k.baseAddress!, threads: threads)
        }
        // Some architectures scale the queries after RoPE and attend with a score scale of 1
        // (llama.cpp's gemma3 graph); the others scale q·k.
        let queryScale: Float? = c.architecture.scalesQueriesAfterRope ? c.attentionScale : nil
        let (qShared, kShared) = (SharedPointer(q.baseAddress!), SharedPointer(k.baseAddress!))
        Parallel.forEachRange(count: n, parts: threads) { positions in
          let qWidth = c.headCount * c.headDimension
          for position in positions {
            let qRow = qShared.base + position * qWidth
            rope.apply(qRow, heads: c.headCount, headWidth: c.headDimension, position: position)
            rope.apply(kShared.base + position * c.kvHeadCount * c.headDimension, heads: c.kvHeadCount, headWidth: c.headDimension, position: position)
            if let queryScale {
              for i in 0..<qWidth { qRow[i] *= queryScale }
            }
          }
        }
      }
    }
    let scoreScale = c.architecture.scalesQueriesAfterRope ? 1 : c.attentionScale
    let attention = Attention(
      headCount: c.headCount, kvHeadCount: c.kvHeadCount, headDimension: c.headDimension,
      valueDimension: c.valueDimension, scoreScale: scoreScale, softCap: c.attentionSoftCap,
      window: window)
    q.withUnsafeBufferPointer { q in
      k.withUnsafeBufferPointer { k in
        v.withUnsafeBufferPointer { v in
          heads.withUnsafeMutableBufferPointer { heads in
            if probabilities != nil {
              probabilities!.withUnsafeMutableBufferPointer { p in
                attention.run(q: q.baseAddress!, k: k.baseAddress!, v: v.baseAddress!, tokens: n, out: heads.baseAddress!, probabilities: p.baseAddress!, threads: threads)
              }
            } else {
              attention.run(q: q.baseAddress!, k: k.baseAddress!, v: v.baseAddress!, tokens: n, out: heads.baseAddress!, probabilities: nil, threads: threads)
            }
          }
        }
      }
    }
    if let hook { heads.withUnsafeMutableBufferPointer { hook(layer, .heads, $0.baseAddress!) } }
    heads.withUnsafeBufferPointer { heads in
      projected.withUnsafeMutableBufferPointer { w.attentionOutput.multiply(heads, tokens: n, into: $0, threads: threads) }
    }
    addResidual(
      input: input, delta: w.postAttentionNorm, output: output, layer: layer,
      point: .attentionOutput, threads: threads)
  }

  /// `output = input + ffn(norm(input))` (the FFN output normed again where the architecture
  /// norms sublayer outputs).
  mutating func feedForwardSublayer(
    _ w: LayerWeights, layer: Int, input: UnsafePointer<Float>,
    output: UnsafeMutablePointer<Float>, threads: Int
  ) {
    let n = tokens
    let c = config
    normed.withUnsafeMutableBufferPointer { normed in
      Self.rmsNorm(input, rows: n, width: c.embeddingLength, weight: w.feedForwardNorm, epsilon: c.normEpsilon, into: normed.baseAddress!, threads: threads)
    }
    normed.withUnsafeBufferPointer { normed in
      gate.withUnsafeMutableBufferPointer { gate in
        up.withUnsafeMutableBufferPointer { up in
          QuantizedMatrix.multiply([w.gate, w.up], normed, tokens: n, into: [gate, up], threads: threads)
        }
      }
    }
    gate.withUnsafeMutableBufferPointer { gate in
      up.withUnsafeBufferPointer { up in
        let (g, u) = (SharedPointer(gate.baseAddress!), SharedPointer(up.baseAddress!))
        let width = c.feedForwardLength
        Parallel.forEachRange(count: n, parts: threads) { rows in
          let start = rows.lowerBound * width
          VectorMath.gatedActivation(g.base + start, u.base + start, rows.count * width, c.activation)
        }
      }
    }
    gate.withUnsafeBufferPointer { gate in
      projected.withUnsafeMutableBufferPointer { w.down.multiply(gate, tokens: n, into: $0, threads: threads) }
    }
    addResidual(
      input: input, delta: w.postFeedForwardNorm, output: output, layer: layer,
      point: .mlpOutput, threads: threads)
  }

  /// `output = input + norm?(projected)`.
  private mutating func addResidual(
    input: UnsafePointer<Float>, delta norm: [Float]?, output: UnsafeMutablePointer<Float>,
    layer: Int, point: HookPoint, threads: Int
  ) {
    let d = config.embeddingLength
    let (n, c) = (tokens, config)
    let hook = hook
    projected.withUnsafeMutableBufferPointer { projected in
      let p = projected.baseAddress!
      if let norm {
        Self.rmsNorm(p, rows: n, width: d, weight: norm, epsilon: c.normEpsilon, into: p, threads: threads)
      }
      hook?(layer, point, p)
      let (x, delta, y) = (SharedPointer(input), SharedPointer(p), SharedPointer(output))
      Parallel.forEachRange(count: n, parts: threads) { rows in
        for i in (rows.lowerBound * d)..<(rows.upperBound * d) { y.base[i] = x.base[i] + delta.base[i] }
      }
    }
  }

  /// Adds `bias` to each of `rows` rows of `bias.count` values in `x`.
  private static func addBias(
    _ bias: [Float], to x: UnsafeMutablePointer<Float>, rows: Int, threads: Int
  ) {
    let target = SharedPointer(x)
    bias.withUnsafeBufferPointer { bias in
      let b = SharedPointer(bias.baseAddress!)
      let width = bias.count
      Parallel.forEachRange(count: rows, parts: threads) { range in
        for row in range {
          let start = target.base + row * width
          for i in 0..<width { start[i] += b.base[i] }
        }
      }
    }
  }

  /// `VectorMath.rmsNorm` of `rows` rows, split over `threads` (each row is normed on its own).
  private static func rmsNorm(
    _ x: UnsafePointer<Float>, rows: Int, width: Int, weight: [Float], epsilon: Float,
    into out: UnsafeMutablePointer<Float>, threads: Int
  ) {
    let (source, target) = (SharedPointer(x), SharedPointer(out))
    weight.withUnsafeBufferPointer { weight in
      let w = SharedPointer(weight.baseAddress!)
      Parallel.forEachRange(count: rows, parts: threads) { range in
        let start = range.lowerBound * width
        VectorMath.rmsNorm(
          source.base + start, rows: range.count, width: width, weight: w.base, epsilon: epsilon,
          into: target.base + start)
      }
    }
  }

  /// The final norm and the unembedding of the last residual.
  mutating func logits(from last: UnsafePointer<Float>, weights: ModelWeights, threads: Int) -> [Float] {
    let n = tokens
    let c = config
    normed.withUnsafeMutableBufferPointer { normed in
      Self.rmsNorm(last, rows: n, width: c.embeddingLength, weight: weights.outputNorm, epsilon: c.normEpsilon, into: normed.baseAddress!, threads: threads)
    }
    return normed.withUnsafeBufferPointer { normed in
      [Float](unsafeUninitializedCapacity: n * c.vocabularySize) { out, count in
        PagePopulation.populate(
          UnsafeMutableRawPointer(out.baseAddress!), count: out.count * 4, threads: threads)
        weights.output.multiply(normed, tokens: n, into: out, threads: threads)
        c.finalLogitSoftCap?.apply(to: out)
        count = n * c.vocabularySize
      }
    }
  }
}
