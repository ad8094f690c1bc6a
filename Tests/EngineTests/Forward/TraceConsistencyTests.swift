import Engine
import Foundation
import Testing

/// Properties a correct trace must have, on the real models.
@Suite struct TraceConsistencyTests {
  static let prompt = [2, 818, 817, 531, 506, 19089, 6682, 531, 1401, 236761, 1174, 1027]  // Gemma ids

  /// Final norm and unembedding of the last residual, computed independently of the trace.
  func unembed(_ model: Transformer, _ trace: Trace, position: Int) -> [Float] {
    let d = model.config.embeddingLength
    let row = Array(trace.residual(layer: model.config.layerCount, position: position))
    let rms = (row.reduce(Float(0)) { $0 + $1 * $1 } / Float(d) + model.config.normEpsilon).squareRoot()
    let normed = (0..<d).map { row[$0] / rms * model.weights.outputNorm[$0] }
    return model.weights.output.multiply(normed, tokens: 1)
  }

  func checkAttention(_ trace: Trace, heads: Int, window: Int? = nil, layers: [Int]) {
    let n = trace.tokenCount
    for layer in layers {
      for head in 0..<heads {
        for query in 0..<n {
          var sum: Float = 0
          for key in 0..<n {
            let p = trace.attention(layer: layer, head: head, query: query, key: key)!
            #expect(p >= 0)
            if key > query { #expect(p == 0, "layer \(layer) head \(head): query \(query) sees future key \(key)") }
            if let window, query - key >= window { #expect(p == 0, "layer \(layer): key \(key) is outside the window of query \(query)") }
            sum += p
          }
          #expect(abs(sum - 1) < 1e-5)
        }
      }
    }
  }

  @Test func smolLM2LastResidualUnembedsToTheLogitsAndAttentionIsCausal() throws {
    let model = try Transformer(path: try TestModels.smollm2)
    let tokens = [1, 57, 685, 288, 260, 18120, 4772, 288]
    let trace = try model.trace(tokens: tokens)
    #expect(trace.residual.count == 31 * tokens.count * 576)
    #expect(trace.residualMid.count == 30 * tokens.count * 576)
    #expect(trace.logits.count == tokens.count * 49152)
    for position in [0, tokens.count - 1] {
      let expected = unembed(model, trace, position: position)
      let actual = Array(trace.logits(position: position))
      let worst = zip(expected, actual).map { abs($0 - $1) }.max()!
      #expect(worst < 1e-3, "position \(position): logits differ by \(worst)")
    }
    checkAttention(trace, heads: 9, layers: Array(0..<30))
    // The embedding row is the token's E row, unscaled for llama.
    #expect(Array(trace.residual(layer: 0, position: 1)) == model.weights.tokenEmbedding.row(57))
  }

  @Test func gemma3EmbeddingIsScaledAndAttentionStaysInItsWindow() throws {
    let file = try GGUFFile(path: try TestModels.gemma3)
    var config = try ModelConfig(file: file)
    #expect(config.slidingWindow == 512)
    #expect((0..<18).filter { !config.isSliding(layer: $0) } == [5, 11, 17])
    config.slidingWindow = 4
    let model = try Transformer(file: file, config: config)
    let trace = try model.trace(tokens: Self.prompt)
    let scale = Float(640).squareRoot()
    let embedded = model.weights.tokenEmbedding.row(818).map { $0 * scale }
    #expect(Array(trace.residual(layer: 0, position: 1)) == embedded)
    checkAttention(trace, heads: 4, window: 4, layers: [0, 1, 4, 6])
    checkAttention(trace, heads: 4, layers: [5, 11, 17])
    // Global layers do look further back than the window.
    let far = (0..<4).map { trace.attention(layer: 5, head: $0, query: 11, key: 0)! }.max()!
    #expect(far > 0)
    let expected = unembed(model, trace, position: 11)
    let worst = zip(expected, Array(trace.logits(position: 11))).map { abs($0 - $1) }.max()!
    #expect(worst < 1e-3)
  }

  @Test func attentionOfChosenLayersOnly() throws {
    let model = try Transformer(path: try TestModels.smollm2)
    let all = try model.trace(tokens: [1, 57, 685, 288])
    let some = try model.trace(tokens: [1, 57, 685, 288], options: TraceOptions(attentionLayers: [3]))
    #expect(some.attention.enumerated().allSatisfy { $0.offset == 3 ? $0.element != nil : $0.element == nil })
    #expect(some.attention[3] == all.attention[3])
    #expect(some.logits == all.logits)
  }

  @Test func sameBitsOnEveryRunAndThreadCount() throws {
    let model = try Transformer(path: try TestModels.smollm2)
    let tokens = [1, 57, 685, 288, 260, 18120]
    let a = try model.trace(tokens: tokens, options: TraceOptions(threads: 2))
    let b = try model.trace(tokens: tokens, options: TraceOptions(threads: 1))
    #expect(a.residual == b.residual)
    #expect(a.attention == b.attention)
    #expect(a.logits == b.logits)
  }

  @Test func badInputsAreClearErrors() throws {
    let model = try Transformer(path: try TestModels.smollm2)
    #expect(throws: ArchitectureError.emptyPrompt) { try model.trace(tokens: []) }
    #expect(throws: ArchitectureError.tokenOutOfRange(id: 49152, vocabularySize: 49152)) {
      try model.trace(tokens: [1, 49152])
    }
    #expect(throws: ArchitectureError.layerOutOfRange(layer: 30, layerCount: 30)) {
      try model.trace(tokens: [1], options: TraceOptions(attentionLayers: [30]))
    }
    var config = model.config
    config.contextLength = 3
    let short = try Transformer(file: model.file, config: config)
    #expect(throws: ArchitectureError.promptTooLong(tokens: 4, context: 3)) {
      try short.trace(tokens: [1, 2, 3, 4])
    }
    #expect(ArchitectureError.promptTooLong(tokens: 4, context: 3).description
      == "the prompt has 4 tokens but the model's context holds 3; shorten it")
  }
}
