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

  /// `output = input + attention(norm(input))` (gemma3: the attention output normed again).
  mutating func attentionSublayer(
    _ w: LayerWeights, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
    rope: RotaryEmbedding, window: Int?, probabilities: inout [Float]?, threads: Int
  ) {
    let n = tokens
    let d = config.embeddingLength
    let c = config
    normed.withUnsafeMutableBufferPointer { normed in
      w.attentionNorm.withUnsafeBufferPointer { weight in
        VectorMath.rmsNorm(input, rows: n, width: d, weight: weight.baseAddress!, epsilon: c.normEpsilon, into: normed.baseAddress!)
      }
    }
    normed.withUnsafeBufferPointer { normed in
      q.withUnsafeMutableBufferPointer { q in
        k.withUnsafeMutableBufferPointer { k in
          v.withUnsafeMutableBufferPointer { v in
            QuantizedMatrix.multiply([w.query, w.key, w.value], normed, tokens: n, into: [q, k, v], threads: threads)
          }
        }
      }
    }
    q.withUnsafeMutableBufferPointer { q in
      k.withUnsafeMutableBufferPointer { k in
        if let qNorm = w.queryNorm, let kNorm = w.keyNorm {
          qNorm.withUnsafeBufferPointer { weight in
            VectorMath.rmsNorm(q.baseAddress!, rows: n * c.headCount, width: c.headDimension, weight: weight.baseAddress!, epsilon: c.normEpsilon, into: q.baseAddress!)
          }
          kNorm.withUnsafeBufferPointer { weight in
            VectorMath.rmsNorm(k.baseAddress!, rows: n * c.kvHeadCount, width: c.headDimension, weight: weight.baseAddress!, epsilon: c.normEpsilon, into: k.baseAddress!)
          }
        }
        for position in 0..<n {
          rope.apply(q.baseAddress! + position * c.headCount * c.headDimension, heads: c.headCount, headWidth: c.headDimension, position: position)
          rope.apply(k.baseAddress! + position * c.kvHeadCount * c.headDimension, heads: c.kvHeadCount, headWidth: c.headDimension, position: position)
        }
      }
    }
    // gemma3 scales the queries after RoPE and attends with a score scale of 1 (as llama.cpp).
    var scoreScale = c.attentionScale
    if c.architecture == .gemma3 {
      for i in 0..<q.count { q[i] *= c.attentionScale }
      scoreScale = 1
    }
    let attention = Attention(
      headCount: c.headCount, kvHeadCount: c.kvHeadCount, headDimension: c.headDimension,
      valueDimension: c.valueDimension, scoreScale: scoreScale, window: window)
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
    heads.withUnsafeBufferPointer { heads in
      projected.withUnsafeMutableBufferPointer { w.attentionOutput.multiply(heads, tokens: n, into: $0, threads: threads) }
    }
    addResidual(input: input, delta: w.postAttentionNorm, output: output)
  }

  /// `output = input + ffn(norm(input))` (gemma3: the FFN output normed again).
  mutating func feedForwardSublayer(
    _ w: LayerWeights, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, threads: Int
  ) {
    let n = tokens
    let c = config
    normed.withUnsafeMutableBufferPointer { normed in
      w.feedForwardNorm.withUnsafeBufferPointer { weight in
        VectorMath.rmsNorm(input, rows: n, width: c.embeddingLength, weight: weight.baseAddress!, epsilon: c.normEpsilon, into: normed.baseAddress!)
      }
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
        VectorMath.gatedActivation(gate.baseAddress!, up.baseAddress!, gate.count, c.activation)
      }
    }
    gate.withUnsafeBufferPointer { gate in
      projected.withUnsafeMutableBufferPointer { w.down.multiply(gate, tokens: n, into: $0, threads: threads) }
    }
    addResidual(input: input, delta: w.postFeedForwardNorm, output: output)
  }

  /// `output = input + norm?(projected)`.
  private mutating func addResidual(input: UnsafePointer<Float>, delta norm: [Float]?, output: UnsafeMutablePointer<Float>) {
    let count = tokens * config.embeddingLength
    let c = config
    projected.withUnsafeMutableBufferPointer { projected in
      if let norm {
        norm.withUnsafeBufferPointer { weight in
          VectorMath.rmsNorm(projected.baseAddress!, rows: tokens, width: c.embeddingLength, weight: weight.baseAddress!, epsilon: c.normEpsilon, into: projected.baseAddress!)
        }
      }
      for i in 0..<count { output[i] = input[i] + projected[i] }
    }
  }

  /// The final norm and the unembedding of the last residual.
  mutating func logits(from last: UnsafePointer<Float>, weights: ModelWeights, threads: Int) -> [Float] {
    let n = tokens
    let c = config
    normed.withUnsafeMutableBufferPointer { normed in
      weights.outputNorm.withUnsafeBufferPointer { weight in
        VectorMath.rmsNorm(last, rows: n, width: c.embeddingLength, weight: weight.baseAddress!, epsilon: c.normEpsilon, into: normed.baseAddress!)
      }
    }
    return normed.withUnsafeBufferPointer { normed in
      [Float](unsafeUninitializedCapacity: n * c.vocabularySize) { out, count in
        PagePopulation.populate(
          UnsafeMutableRawPointer(out.baseAddress!), count: out.count * 4, threads: threads)
        weights.output.multiply(normed, tokens: n, into: out, threads: threads)
        count = n * c.vocabularySize
      }
    }
  }
}
