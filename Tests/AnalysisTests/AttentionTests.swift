import Analysis
import Engine
import Foundation
import Registry
import Testing

@Suite("Attention heads")
struct AttentionTests {
  /// Three tokens, one layer, four heads: a sink head, a previous-token head, a uniform head
  /// and a self head (every head's first query can only see itself... and puts 1 there).
  static func trace() throws -> Trace {
    let rows: [[[Float]]] = [
      [[1, 0, 0], [1, 0, 0], [1, 0, 0]],
      [[1, 0, 0], [1, 0, 0], [0, 1, 0]],
      [[1, 0, 0], [0.5, 0.5, 0], [1 / 3, 1 / 3, 1 / 3]],
      [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
    ]
    func row(_ layer: Int, _ position: Int) -> [Float] { [1, 0] }
    func pattern(_ layer: Int, _ head: Int, _ query: Int, _ key: Int) -> Float {
      rows[head][query][key]
    }
    return try Synthetic.trace(
      tokens: [1, 2, 3], layers: 1, width: 2, heads: 4, row: row, pattern: pattern)
  }

  @Test func classifiesKnownHeads() throws {
    let result = try Attention(
      trace: Self.trace(), options: .init(patterns: [.init(layer: 0, head: 2)]))
    let heads = result.heads[0]
    #expect(heads.map(\.kind) == [.sink, .previous, .diffuse, .self])
    #expect(abs(heads[0].sink - 1) < 1e-7 && abs(heads[0].previous - 0.5) < 1e-7)
    #expect(abs(heads[1].previous - 1) < 1e-7 && abs(heads[1].sink - 0.5) < 1e-7)
    #expect(abs(heads[2].entropy - 1) < 1e-6)
    #expect(abs(heads[2].score - heads[2].entropy) < 1e-12)
    #expect(abs(heads[2].sink - (0.5 + 1.0 / 3) / 2) < 1e-7)
    #expect(abs(heads[3].selfScore - 1) < 1e-7 && heads[3].entropy == 0)
    #expect(result.counts == ["sink": 1, "previous": 1, "self": 1, "diffuse": 1])
    #expect(result.patterns.count == 1)
    #expect(result.patterns[0].weights[1] == [0.5, 0.5, 0])
    #expect(
      result.findings[0] == "Of 4 heads: 1 sink, 1 previous-token, "
        + "1 self and 1 diffuse (threshold 0.500).")
    #expect(result.findings[1].contains("layer 0 head 1"))
  }

  @Test func rejectsBadOptions() throws {
    let trace = try Self.trace()
    #expect(
      throws: AnalysisError.optionOutOfRange(
        analysis: "attention", option: "layer", value: "1", allowed: "0...0")
    ) {
      try Attention(trace: trace, options: .init(patterns: [.init(layer: 1, head: 0)]))
    }
    #expect(
      throws: AnalysisError.optionOutOfRange(
        analysis: "attention", option: "head", value: "4", allowed: "0...3")
    ) {
      try Attention(trace: trace, options: .init(patterns: [.init(layer: 0, head: 4)]))
    }
  }

  @Test(arguments: [RegistryModel.smollm2, .gemma3])
  func realModel(_ model: RegistryModel) throws {
    let loaded = try TestModels.shared(model)
    let trace = loaded.trace
    let result = try Attention(trace: trace, options: .init(patterns: [.init(layer: 0, head: 0)]))
    #expect(result.heads.count == trace.layerCount)
    #expect(result.counts.values.reduce(0, +) == trace.layerCount * trace.headCount)
    for score in result.heads.joined() {
      for value in [score.sink, score.previous, score.selfScore, score.entropy] {
        #expect(value >= -1e-9 && value <= 1 + 1e-6)
      }
    }
    // Causal softmax rows sum to one and never look ahead.
    for (query, row) in result.patterns[0].weights.enumerated() {
      #expect(abs(row.reduce(0, +) - 1) < 1e-5)
      #expect(row[(query + 1)...].allSatisfy { $0 == 0 })
    }
    print("attention \(model.name): \(result.findings)")
  }
}
