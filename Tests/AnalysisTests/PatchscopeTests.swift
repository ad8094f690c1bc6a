@testable import Analysis
import Engine
import Foundation
import Registry
import Testing

/// The token-identity Patchscope on both real models. The last row is what the final norm
/// reads, so patched into the target's last position it makes the target write the source's
/// own next token: the first written token there is the model's prediction, and the lens's.
@Suite struct PatchscopeTests {
  @Test(arguments: [RegistryModel.smollm2, .gemma3])
  func theLastRowWritesTheModelsOwnPrediction(_ model: RegistryModel) throws {
    let loaded = try TestModels.shared(model)
    let source = loaded.tokenizer.encode("I go to the basketball court to", bos: nil)
    let target = Patchscope.identityTarget
    let tokenizer = loaded.tokenizer
    let result = try Patchscope(
      transformer: loaded.transformer, source: source, position: source.count - 1,
      target: target, targetTokens: tokenizer.encode(target, bos: nil), count: 3,
      label: loaded.label, decode: { String(decoding: tokenizer.decode($0), as: UTF8.self) })
    let trace = try loaded.transformer.trace(tokens: source)
    let prediction = Distribution(logits: trace.logits(position: source.count - 1))
    #expect(result.rows.count == loaded.transformer.config.layerCount + 1)
    let last = try #require(result.rows.last)
    #expect(last.lensTop.id == prediction.top(1)[0])
    #expect(last.continuation.first?.id == last.lensTop.id)
    #expect(result.rows.allSatisfy { $0.continuation.count == 3 })
    print("patchscope \(model.name): \(result.findings) "
      + result.rows.map { "\($0.layer):\($0.text)" }.joined(separator: " | "))
  }

  @Test func aPositionPastThePromptIsRefused() throws {
    let loaded = try TestModels.shared(.smollm2)
    #expect(throws: AnalysisError.self) {
      try Patchscope(
        transformer: loaded.transformer, source: [1, 2], position: 2, target: "?",
        targetTokens: [30], count: 2, decode: { _ in "" })
    }
  }
}
