import Analysis
import Engine
import Foundation
import Registry
import Testing

@Suite struct LensQualityTests {
  /// Width 2, U the identity, rows of RMS 1 (the final norm leaves them as they are). Tokens
  /// 0, 1, 0: position 0 predicts 1, position 1 predicts 0. The output row is (-1, 1) then
  /// (1, -1); the embedding row is (1, -1) at both. With s = 1 / (1 + e^-2), softmax(1, -1) =
  /// (s, 1 - s): KL((1-s, s) ‖ (s, 1-s)) = (2s - 1) ln(s / (1 - s)) = 2 tanh(1), the
  /// cross-entropies are ln(1 + e^-2) and ln(1 + e^2), the entropy ln(1 + e^-2) + 2 (1 - s).
  @Test func handMadeTrace() throws {
    let output: [[Float]] = [[-1, 1], [1, -1], [1, -1]]
    let trace = try Synthetic.trace(tokens: [0, 1, 0], layers: 1, width: 2) { layer, position in
      layer == 0 ? [1, -1] : output[position]
    }
    let result = try LensQuality(
      trace: trace, unembedding: Synthetic.identityUnembedding(2), bytes: 4)
    let s = 1 / (1 + exp(-2.0))
    let (near, far) = (log(1 + exp(-2.0)), log(1 + exp(2.0)))
    #expect(result.positions == 2 && result.bytes == 4)
    let (embedding, final) = (result.layers[0], result.layers[1])
    #expect(abs(embedding.divergence - tanh(1.0)) < 1e-6)
    #expect(final.divergence < 1e-9)
    #expect(abs(embedding.bitsPerByte - (near + far) / log(2) / 4) < 1e-6)
    #expect(abs(final.bitsPerByte - 2 * near / log(2) / 4) < 1e-6)
    #expect(abs(embedding.entropy - (near + 2 * (1 - s))) < 1e-6)
    #expect(embedding.topOneAgreement == 0.5 && final.topOneAgreement == 1)
    #expect(result.usableLayer == 0)
    #expect(result.findings[0].hasPrefix("Over 2 positions (4 bytes of text), the model's own output costs 0.0916 bits per byte"))
  }

  @Test func rejectsOneToken() throws {
    let trace = try Synthetic.trace(tokens: [1], layers: 1, width: 2) { _, _ in [1, 0] }
    #expect(throws: AnalysisError.promptTooShort(analysis: "lens-quality", tokens: 1, needed: 2)) {
      try LensQuality(trace: trace, unembedding: Synthetic.identityUnembedding(2), bytes: 1)
    }
  }

  /// The output row read through the lens is the model's own prediction: KL about 0 and full
  /// agreement; the embedding is far from it.
  @Test(arguments: [RegistryModel.smollm2, .gemma3])
  func realModel(_ model: RegistryModel) throws {
    let loaded = try TestModels.shared(model)
    let text =
      "It is a truth universally acknowledged, that a single man in possession of a good "
      + "fortune, must be in want of a wife. However little known the feelings or views of such "
      + "a man may be on his first entering a neighbourhood, this truth is so well fixed in the "
      + "minds of the surrounding families, that he is considered the rightful property of some "
      + "one or other of their daughters."
    let tokens = loaded.tokenizer.encode(text, bos: nil)
    let trace = try loaded.transformer.trace(tokens: tokens)
    let bytes = loaded.tokenizer.decode(Array(tokens.dropFirst())).count
    let result = try LensQuality(trace: trace, unembedding: loaded.unembedding, bytes: bytes)
    let output = try #require(result.layers.last)
    #expect(result.positions == tokens.count - 1)
    #expect(output.divergence < 1e-4 && output.topOneAgreement == 1)
    #expect(result.layers[0].divergence > 5 && result.layers[0].topOneAgreement < 0.2)
    // A famous sentence: the model predicts it well, far under 8 bits a byte.
    #expect(output.bitsPerByte > 0.1 && output.bitsPerByte < 2)
    print("lens-quality \(model.name): \(result.findings) "
      + "\(result.layers.map { String(format: "%.2f", $0.bitsPerByte) })")
  }
}
