import Analysis
import Engine
import Foundation
import Registry
import Testing

@Suite("Predictions")
struct PredictionsTests {
  /// Two tokens; the last position's logits are ln(1, 2, 3, 4), so p = (0.1, 0.2, 0.3, 0.4).
  static func trace() throws -> Trace {
    try Synthetic.trace(tokens: [2, 1], layers: 1, width: 4) { _, position in
      position == 0 ? [0, 0, 0, 0] : [1, 2, 3, 4].map { Float(log(Double($0))) }
    }
  }

  @Test func knownDistribution() throws {
    let result = try Predictions(trace: Self.trace(), options: .init(top: 3))
    #expect(result.position == 1)
    #expect(result.token == .init(id: 1, text: "#1"))
    #expect(result.top.map(\.id) == [3, 2, 1])
    for (entry, expected) in zip(result.top, [0.4, 0.3, 0.2]) {
      #expect(abs(entry.probability - expected) < 1e-6)
    }
    #expect(abs(result.topMass - 0.9) < 1e-6)
    let entropy = -[0.1, 0.2, 0.3, 0.4].reduce(0) { $0 + $1 * log($1) }
    #expect(abs(result.entropy - entropy) < 1e-6)
    #expect(result.findings.count == 2)
    #expect(result.findings[0].contains("\"#3\" with probability 0.400"))
  }

  @Test func chosenPositionIsUniform() throws {
    let result = try Predictions(trace: Self.trace(), options: .init(position: 0, top: 4))
    #expect(result.top.map(\.id) == [0, 1, 2, 3])
    #expect(result.top.allSatisfy { abs($0.probability - 0.25) < 1e-9 })
    #expect(abs(result.entropy - log(4)) < 1e-9)
  }

  @Test func rejectsBadOptions() throws {
    let trace = try Self.trace()
    #expect(
      throws: AnalysisError.optionOutOfRange(
        analysis: "predictions", option: "position", value: "2", allowed: "0...1")
    ) {
      try Predictions(trace: trace, options: .init(position: 2))
    }
    #expect(
      throws: AnalysisError.optionOutOfRange(
        analysis: "predictions", option: "top", value: "5", allowed: "1...4")
    ) {
      try Predictions(trace: trace, options: .init(top: 5))
    }
    let message = AnalysisError.optionOutOfRange(
      analysis: "predictions", option: "top", value: "5", allowed: "1...4"
    ).description
    #expect(message == "predictions: option 'top' is 5, but it must be in 1...4")
  }

  @Test func canonicalJSONIsStable() throws {
    let result = try Predictions(trace: Self.trace(), options: .init(top: 4))
    let first = try CanonicalJSON.data(result)
    #expect(
      first == (try CanonicalJSON.data(Predictions(trace: Self.trace(), options: .init(top: 4)))))
    #expect(try JSONDecoder().decode(Predictions.self, from: first) == result)
  }

  @Test(arguments: [RegistryModel.smollm2, .gemma3])
  func realModelProbabilitiesSumToOne(_ model: RegistryModel) throws {
    let loaded = try TestModels.shared(model)
    let vocabulary = loaded.trace.vocabularySize
    let all = try Predictions(
      trace: loaded.trace, options: .init(top: vocabulary), label: loaded.label)
    #expect(abs(all.topMass - 1) < 1e-6)
    #expect(all.top.count == vocabulary)
    let top = try Predictions(trace: loaded.trace, label: loaded.label)
    #expect(top.top.count == 10)
    #expect(zip(top.top, top.top.dropFirst()).allSatisfy { $0.probability >= $1.probability })
    #expect(top.top.map(\.id) == Array(all.top.prefix(10)).map(\.id))
    #expect(top.entropy > 0 && top.entropy < log(Double(vocabulary)))
    print("predictions \(model.name): \(top.findings)")
  }
}
