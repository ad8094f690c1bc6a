import Analysis
import Engine
import Foundation
import ModelSynthesis
import Testing

/// Gemma 2 caps its logits: the unembedding the analyses read through must cap them too, or
/// the logit lens's last layer would not be the model's output.
@Suite struct SoftCappedLensTests {
  @Test func theLastLayerOfAGemma2LensIsTheOutput() throws {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("lenscribe-capped-\(UUID().uuidString).gguf")
    defer { try? FileManager.default.removeItem(at: url) }
    try AtomicFile.write(Data(SyntheticModel.plainVocabulary().bytes()), to: url)
    let vocabularyFile = try GGUFFile(path: url.path)
    var model = SyntheticModel(name: "capped", vocabulary: "test")
    (model.architecture, model.width, model.heads, model.kvHeads) = ("gemma2", 16, 2, 1)
    model.extraMetadata = ["final_logit_softcapping": .float32(2)]
    try model.write(to: url, vocabularyFile: vocabularyFile)

    let transformer = try Transformer(path: url.path)
    let trace = try transformer.trace(tokens: [1, 5, 9, 2])
    // A cap of 2 keeps every logit inside (-2, 2).
    #expect(trace.logits.allSatisfy { abs($0) < 2 })
    let unembedding = Unembedding(transformer: transformer)
    let start = trace.layerCount * trace.tokenCount * trace.width
    let last = unembedding.logits(
      Array(trace.residual[start...]), rows: trace.tokenCount, normalise: true)
    #expect(last == trace.logits)
    let lens = try LogitLens(trace: trace, unembedding: unembedding, options: .init(top: 3))
    #expect(lens.cells[trace.layerCount].allSatisfy { $0.divergence < 1e-9 })
  }
}
