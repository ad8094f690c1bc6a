import Analysis
import Engine
import Foundation
import Registry
import Testing

/// Activation patching on both real models: the cells whose value follows from the definition
/// (the embedding where the prompts differ, the last residual row at the last position) are
/// exact, and prompts that cannot be patched are refused.
@Suite struct PatchingTests {
  /// Pairs whose answers differ on each model: SmolLM2 gives "␣play" after both courts, Gemma
  /// "␣the" after both capitals.
  static func pair(_ model: RegistryModel) -> (String, String) {
    model == .smollm2
      ? ("The capital of France is", "The capital of Italy is")
      : ("I go to the basketball court to", "I go to the tennis court to")
  }

  static func tokens(_ model: RegistryModel, _ loaded: TestModels.Loaded) -> ([Int], [Int]) {
    let (clean, corrupt) = pair(model)
    return (loaded.tokenizer.encode(clean, bos: nil), loaded.tokenizer.encode(corrupt, bos: nil))
  }

  @Test(arguments: [RegistryModel.smollm2, .gemma3])
  func theDefinedCellsAreExact(_ model: RegistryModel) throws {
    let loaded = try TestModels.shared(model)
    let (clean, corrupt) = Self.tokens(model, loaded)
    let differing = try #require(clean.indices.first { clean[$0] != corrupt[$0] })
    #expect(clean.indices.filter { clean[$0] != corrupt[$0] } == [differing])
    let result = try Patching(
      transformer: loaded.transformer, clean: clean, corrupt: corrupt, site: .residual,
      label: loaded.label)
    let n = clean.count
    let last = result.restored.count - 1
    #expect(result.restored.count == loaded.transformer.config.layerCount + 1)
    // The embedding row where the prompts differ turns the corrupted run into the clean one;
    // where they agree it changes nothing.
    #expect(result.restored[0][differing] == 1)
    for position in 0..<n where position != differing { #expect(result.restored[0][position] == 0) }
    // The last row at the last position is what the final norm reads there: the clean logits.
    #expect(result.restored[last][n - 1] == 1)
    for position in 0..<(n - 1) { #expect(result.restored[last][position] == 0) }
    #expect(result.cleanAnswer.id != result.corruptAnswer.id)
    print("patching \(model.name): \(result.findings)")
  }

  @Test func sublayerPatchingCoversEveryBlock() throws {
    let loaded = try TestModels.shared(.smollm2)
    let (clean, corrupt) = Self.tokens(.smollm2, loaded)
    let result = try Patching(
      transformer: loaded.transformer, clean: clean, corrupt: corrupt, site: .mlp,
      label: loaded.label)
    #expect(result.restored.count == 30 && result.restored.allSatisfy { $0.count == clean.count })
    // Before the differing position nothing differs: patching there restores nothing.
    let differing = try #require(clean.indices.first { clean[$0] != corrupt[$0] })
    for position in 0..<differing { #expect(result.restored.allSatisfy { $0[position] == 0 }) }
    print("patching mlp smollm2: \(result.findings)")
  }

  @Test func promptsThatCannotBePatchedAreRefused() throws {
    let loaded = try TestModels.shared(.smollm2)
    let tokens = loaded.tokenizer.encode("I go to the basketball court to", bos: nil)
    #expect(throws: AnalysisError.self) {
      try Patching(
        transformer: loaded.transformer, clean: tokens, corrupt: Array(tokens.dropLast()),
        site: .residual)
    }
    #expect(throws: AnalysisError.self) {
      try Patching(transformer: loaded.transformer, clean: tokens, corrupt: tokens, site: .residual)
    }
  }
}
