import Analysis
import Engine
import Foundation
import Registry
import Testing

@Suite("Attention sinks")
struct AttentionSinksTests {
  /// Three tokens, one layer, two heads. Head 0 looks only at the first token; head 1's rows
  /// are (1, 0, 0), (0.5, 0.5, 0), (0.2, 0.6, 0.2). Position 1's residual is (1, 1) then
  /// (2, 0); the first's is (1, 0).
  static func trace(keepAttention: Bool = true) throws -> Trace {
    let head1: [[Float]] = [[1, 0, 0], [0.5, 0.5, 0], [0.2, 0.6, 0.2]]
    func row(_ layer: Int, _ position: Int) -> [Float] {
      if position == 0 { return [1, 0] }
      if position == 2 { return [0, 1] }
      return layer == 0 ? [1, 1] : [2, 0]
    }
    func pattern(_ layer: Int, _ head: Int, _ query: Int, _ key: Int) -> Float {
      if head == 0 { return key == 0 ? 1 : 0 }
      return head1[query][key]
    }
    return try Synthetic.trace(
      tokens: [5, 6, 7], layers: 1, width: 2, heads: 2, row: row,
      pattern: keepAttention ? pattern : nil)
  }

  @Test func knownAnswers() throws {
    let result = try AttentionSinks(trace: Self.trace())
    #expect(result.shares.count == 1)
    #expect(abs(result.shares[0][0] - 1) < 1e-7)
    #expect(abs(result.shares[0][1] - 0.35) < 1e-7)
    #expect(abs(result.layerShares[0] - 0.675) < 1e-7)
    #expect(abs(result.meanShare - 0.675) < 1e-7)
    #expect(abs(result.medianShare - 0.675) < 1e-7)
    #expect(result.headsOverHalf == 1)
    #expect(result.secondary.count == 1)
    let second = try #require(result.secondary.first)
    #expect(second.position == 1)
    #expect(second.token == .init(id: 6, text: "#6"))
    #expect(abs(second.share - 0.3) < 1e-7)
    #expect(second.isSink)
    #expect(abs(second.cosineToFirst[0] - 1 / 2.0.squareRoot()) < 1e-9)
    #expect(abs(second.cosineToFirst[1] - 1) < 1e-9)
    #expect(result.findings[0].contains("mean 67.5%"))
    #expect(result.findings[0].contains("1 of 2 heads"))
    #expect(result.findings[1].contains("position is 1 (\"#6\") with 30.0%"))
    let strict = try AttentionSinks(trace: Self.trace(), options: .init(threshold: 0.5))
    #expect(strict.secondary.first?.isSink == false)
  }

  @Test func rejectsBadInput() throws {
    let trace = try Self.trace()
    #expect(
      throws: AnalysisError.optionOutOfRange(
        analysis: "attention-sinks", option: "threshold", value: "2.0", allowed: "0.0...1.0")
    ) {
      try AttentionSinks(trace: trace, options: .init(threshold: 2))
    }
    #expect(
      throws: AnalysisError.optionOutOfRange(
        analysis: "attention-sinks", option: "candidates", value: "4", allowed: "0...3")
    ) {
      try AttentionSinks(trace: trace, options: .init(candidates: 4))
    }
    #expect(throws: AnalysisError.attentionNotCaptured(analysis: "attention-sinks", layer: 0)) {
      try AttentionSinks(trace: Self.trace(keepAttention: false))
    }
  }

  @Test(arguments: [RegistryModel.smollm2, .gemma3])
  func realModel(_ model: RegistryModel) throws {
    let loaded = try TestModels.shared(model)
    let result = try AttentionSinks(trace: loaded.trace, label: loaded.label)
    #expect(result.shares.count == loaded.trace.layerCount)
    for row in result.shares {
      #expect(row.count == loaded.trace.headCount)
      #expect(row.allSatisfy { $0 >= 0 && $0 <= 1 + 1e-6 })
    }
    #expect(result.meanShare >= 0 && result.meanShare <= 1)
    #expect(result.secondary.count == 3)
    for candidate in result.secondary {
      #expect(candidate.share >= 0 && candidate.share <= 1 + 1e-6)
      #expect(candidate.cosineToFirst.count == loaded.trace.layerCount + 1)
    }
    #expect(zip(result.secondary, result.secondary.dropFirst()).allSatisfy { $0.share >= $1.share })
    print("attention-sinks \(model.name): \(result.findings)")
  }
}
