import Analysis
import Engine
import Foundation
import Registry
import Testing

@Suite("Dictionary reading")
struct DictionaryReadingTests {
  /// E rows (1, 0), (0, 1), (1, 1), (-1, 0); U rows (0, 1), (1, 0), (1, -1), (2, 0).
  static func dictionaries() throws -> Dictionaries {
    try Dictionaries(
      input: Synthetic.matrix([1, 0, 0, 1, 1, 1, -1, 0], rows: 4, columns: 2),
      output: Synthetic.matrix([0, 1, 1, 0, 1, -1, 2, 0], rows: 4, columns: 2), isTied: false)
  }

  @Test func inputVectorThroughOutputDictionary() throws {
    let result = try DictionaryReading(
      dictionaries: Self.dictionaries(), options: .init(source: .input(token: 0), top: 4))
    #expect(result.top.map(\.id) == [1, 3, 2, 0])
    for (entry, expected) in zip(result.top, [1, 1, 1 / 2.0.squareRoot(), 0]) {
      #expect(abs(entry.amplitude - expected) < 1e-6)
    }
    #expect(!result.isTied)
    #expect(abs(result.meanRowCosine - -0.25) < 1e-12)
    #expect(result.query == "the input vector of \"#0\"")
    #expect(
      result.findings[0].hasPrefix(
        "Read with the output dictionary U, the input vector of \"#0\" gives \"#1\" (1.00)"))
    #expect(result.findings[1].contains("mean cosine -0.250"))
  }

  @Test func residualThroughInputDictionary() throws {
    let trace = try Synthetic.trace(tokens: [2, 3], layers: 1, width: 2) { layer, position in
      layer == 1 && position == 1 ? [0, 3] : [1, 0]
    }
    let result = try DictionaryReading(
      dictionaries: Self.dictionaries(), trace: trace,
      options: .init(source: .residual(layer: 1, position: 1), dictionary: .input, top: 2))
    #expect(result.top.map(\.id) == [1, 2])
    #expect(abs(result.top[1].amplitude - 1 / 2.0.squareRoot()) < 1e-6)
  }

  @Test func rejectsBadOptions() throws {
    let dictionaries = try Self.dictionaries()
    #expect(
      throws: AnalysisError.optionOutOfRange(
        analysis: "dictionary", option: "token", value: "4", allowed: "0...3")
    ) {
      try DictionaryReading(
        dictionaries: dictionaries, options: .init(source: .output(token: 4), top: 1))
    }
    #expect(throws: AnalysisError.self) {
      try DictionaryReading(
        dictionaries: dictionaries, options: .init(source: .residual(layer: 0, position: 0), top: 1)
      )
    }
    let trace = try Synthetic.trace(tokens: [1], layers: 1, width: 2) { _, _ in [1, 0] }
    #expect(
      throws: AnalysisError.optionOutOfRange(
        analysis: "dictionary", option: "layer", value: "2", allowed: "0...1")
    ) {
      try DictionaryReading(
        dictionaries: dictionaries, trace: trace,
        options: .init(source: .residual(layer: 2, position: 0), top: 1))
    }
  }

  @Test(arguments: [RegistryModel.smollm2, .gemma3])
  func realModel(_ model: RegistryModel) throws {
    let loaded = try TestModels.shared(model)
    let dictionaries = try Dictionaries(transformer: loaded.transformer)
    let to = loaded.tokenizer.encode(" to", addBOS: false)
    #expect(to.count == 1)
    let result = try DictionaryReading(
      dictionaries: dictionaries, options: .init(source: .input(token: to[0])),
      label: loaded.label)
    #expect(result.top.count == 10)
    #expect(result.top.allSatisfy { $0.amplitude >= -1 - 1e-6 && $0.amplitude <= 1 + 1e-6 })
    if dictionaries.isTied {
      // A row read with its own dictionary finds itself at amplitude 1.
      #expect(result.top[0].id == to[0])
      #expect(abs(result.top[0].amplitude - 1) < 1e-5)
      #expect(result.meanRowCosine == 1)
    }
    let last = loaded.trace.tokenCount - 1
    let residual = try DictionaryReading(
      dictionaries: dictionaries, trace: loaded.trace,
      options: .init(source: .residual(layer: loaded.trace.layerCount, position: last)),
      label: loaded.label)
    #expect(residual.top.count == 10)
    print("dictionary \(model.name): \(result.findings) \(residual.findings[0])")
  }
}
