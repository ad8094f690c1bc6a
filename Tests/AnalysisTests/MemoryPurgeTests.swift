import Analysis
import Engine
import Foundation
import Registry
import Testing

@Suite("Memory purge")
struct MemoryPurgeTests {
  @Test func knownAmplitudes() throws {
    // E = identity; U rows (1, 0, 0), (1, 1, 0), (0, 0, 2). Position 1 holds e1, then e2.
    let e = try Synthetic.matrix([1, 0, 0, 0, 1, 0, 0, 0, 1], rows: 3, columns: 3)
    let u = try Synthetic.matrix([1, 0, 0, 1, 1, 0, 0, 0, 2], rows: 3, columns: 3)
    let dictionaries = try Dictionaries(input: e, output: u, isTied: false)
    let unembedding = try Unembedding(matrix: u, normWeight: [1, 1, 1], epsilon: 0)
    let trace = try Synthetic.trace(tokens: [0, 1], layers: 1, width: 3) { layer, position in
      position == 0 ? [1, 0, 0] : layer == 0 ? [0, 1, 0] : [0, 0, 1]
    }
    let result = try MemoryPurge(trace: trace, dictionaries: dictionaries, unembedding: unembedding)
    #expect(result.layers.count == 2)
    #expect(abs(result.layers[0].ownInput - 1) < 1e-9)
    #expect(abs(result.layers[0].promptInput - 1) < 1e-9)
    #expect(abs(result.layers[0].output - 1 / 2.0.squareRoot()) < 1e-9)
    #expect(result.layers[1].ownInput == 0 && result.layers[1].promptInput == 0)
    #expect(abs(result.layers[1].output - 1) < 1e-9)
    #expect(result.inputPeakLayer == 0 && result.outputPeakLayer == 1)
    #expect(result.findings[0].contains("1.00 at the embedding"))
    #expect(result.findings[1].contains("0.707 at layer 0 to 1.00 at layer 1"))
  }

  @Test func rejectsOneToken() throws {
    let e = try Synthetic.matrix([1, 0, 0, 1], rows: 2, columns: 2)
    let trace = try Synthetic.trace(tokens: [1], layers: 1, width: 2) { _, _ in [1, 0] }
    #expect(throws: AnalysisError.promptTooShort(analysis: "memory-purge", tokens: 1, needed: 2)) {
      try MemoryPurge(
        trace: trace, dictionaries: Dictionaries(input: e, output: e, isTied: true),
        unembedding: Unembedding(matrix: e, normWeight: [1, 1], epsilon: 0))
    }
  }

  @Test(arguments: [RegistryModel.smollm2, .gemma3])
  func realModel(_ model: RegistryModel) throws {
    let loaded = try TestModels.shared(model)
    let result = try MemoryPurge(
      trace: loaded.trace, dictionaries: Dictionaries(transformer: loaded.transformer),
      unembedding: loaded.unembedding)
    #expect(result.layers.count == loaded.trace.layerCount + 1)
    for layer in result.layers {
      for value in [layer.ownInput, layer.promptInput, layer.output] {
        #expect(value >= -1 - 1e-9 && value <= 1 + 1e-9)
      }
      #expect(layer.promptInput >= layer.ownInput - 1e-12)
    }
    // At the embedding each position is its own token's input vector (scaled for Gemma).
    #expect(abs(result.layers[0].ownInput - 1) < 1e-4)
    print("memory-purge \(model.name): \(result.findings)")
  }
}
