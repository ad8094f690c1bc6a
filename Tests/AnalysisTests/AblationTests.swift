import Analysis
import Engine
import Foundation
import Registry
import Testing

/// Ablation on both real models, checked against a reading that takes another path through
/// the code: with the last block's MLP zeroed, the final residual is the residual before that
/// MLP, so the answer's log-probability is what the unembedding reads from `residualMid[L-1]`.
@Suite struct AblationTests {
  @Test(arguments: [RegistryModel.smollm2, .gemma3])
  func theLastMLPZeroedIsTheResidualBeforeIt(_ model: RegistryModel) throws {
    let loaded = try TestModels.shared(model)
    let tokens = loaded.tokenizer.encode("The capital of France is", bos: nil)
    let trace = try loaded.transformer.trace(tokens: tokens)
    let result = try Ablation(
      transformer: loaded.transformer, tokens: tokens, attention: try Attention(trace: trace),
      method: .zero, label: loaded.label)
    let config = loaded.transformer.config
    #expect(result.heads.count == config.layerCount && result.heads[0].count == config.headCount)
    let n = tokens.count
    let last = config.layerCount - 1
    let row = Array(trace.residualMid(layer: last, position: n - 1))
    let logits = loaded.unembedding.logits(row, rows: 1, normalise: true)
    let final = trace.logits(position: n - 1)
    func logSoftmax(_ values: [Float], _ id: Int) -> Double {
      let peak = Double(values.max()!)
      let sum = values.reduce(0.0) { $0 + exp(Double($1) - peak) }
      return Double(values[id]) - peak - log(sum)
    }
    let expected = logSoftmax(logits, result.answer.id) - logSoftmax(Array(final), result.answer.id)
    #expect(abs(result.mlp[last] - expected) < 1e-4, "\(result.mlp[last]) against \(expected)")
    // Some head matters: the answer loses log-probability without it.
    let strongest = result.heads.flatMap { $0 }.map(\.effect).min()!
    #expect(strongest < -0.05)
    print("ablation \(model.name): \(result.findings)")
  }
}
