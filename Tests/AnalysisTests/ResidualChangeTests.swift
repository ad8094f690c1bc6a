import Analysis
import Engine
import Foundation
import Registry
import Testing

@Suite("Residual change")
struct ResidualChangeTests {
  /// Width 2, two layers. Position 1: h0 = (3, 4), m1 = (3.5, 4), h1 = (3.5, 5), m2 = h1,
  /// h2 = (0, 5). Position 0 is the same times ten.
  static func trace() throws -> Trace {
    let rows: [[Float]] = [[3, 4], [3.5, 5], [0, 5]]
    let mids: [[Float]] = [[3.5, 4], [3.5, 5]]
    return try Synthetic.trace(
      tokens: [1, 2], layers: 2, width: 2,
      row: { layer, position in rows[layer].map { $0 * (position == 0 ? 10 : 1) } },
      mid: { layer, position in mids[layer].map { $0 * (position == 0 ? 10 : 1) } })
  }

  @Test func knownAnswers() throws {
    let result = try ResidualChange(trace: Self.trace(), options: .init(gaps: [2]))
    let first = result.steps[0][1]
    #expect(abs(first.changePercent - 1.25.squareRoot() / 5 * 100) < 1e-9)
    #expect(abs(first.attentionPercent - 10) < 1e-9)
    #expect(abs(first.mlpPercent - 20) < 1e-9)
    let h1Norm: Double = (3.5 * 3.5 + 25).squareRoot()
    let cosine: Double = (3 * 3.5 + 4 * 5) / (5 * h1Norm)
    #expect(abs(first.cosine - cosine) < 1e-9)
    let second = result.steps[1][1]
    #expect(second.attentionPercent == 0)
    #expect(abs(second.mlpPercent - 3.5 / h1Norm * 100) < 1e-9)
    #expect(abs(result.layers[1].meanCosine - 5 / h1Norm) < 1e-9)
    #expect(result.gapCosines.map(\.gap) == [2])
    #expect(result.gapCosines[0].meanCosine.count == 1)
    #expect(abs(result.gapCosines[0].meanCosine[0] - 0.8) < 1e-9)
    // Scaling a row does not change relative change or cosines: the first position matches.
    #expect(abs(result.firstPosition[0].changePercent - first.changePercent) < 1e-9)
    #expect(abs(result.rms[0][1] - 5 / 2.0.squareRoot()) < 1e-9)
    #expect(abs(result.rms[0][0] / result.medianRMS[0] - 10) < 1e-9)
    #expect(abs(result.middleMedianChangePercent - first.changePercent) < 1e-9)
    #expect(result.findings.count == 2)
    #expect(result.findings[0].contains("median 22.4%"))
    #expect(result.findings[1].contains("10.0 times"))
  }

  @Test func rejectsBadInput() throws {
    let trace = try Self.trace()
    #expect(
      throws: AnalysisError.optionOutOfRange(
        analysis: "residual-change", option: "gaps", value: "3", allowed: "1...2")
    ) {
      try ResidualChange(trace: trace, options: .init(gaps: [3]))
    }
    let single = try Synthetic.trace(tokens: [1], layers: 1, width: 2) { _, _ in [1, 0] }
    #expect(throws: AnalysisError.promptTooShort(analysis: "residual-change", tokens: 1, needed: 2))
    {
      try ResidualChange(trace: single)
    }
  }

  @Test(arguments: [RegistryModel.smollm2, .gemma3])
  func realModel(_ model: RegistryModel) throws {
    let loaded = try TestModels.shared(model)
    let result = try ResidualChange(trace: loaded.trace)
    let layers = loaded.trace.layerCount
    #expect(result.steps.count == layers)
    #expect(result.gapCosines.map(\.meanCosine.count) == [layers - 4, layers - 14])
    for row in result.steps {
      for step in row {
        // The triangle inequality: the whole change is at most the sum of its two parts.
        #expect(step.changePercent <= step.attentionPercent + step.mlpPercent + 1e-6)
        #expect(step.cosine >= -1 - 1e-9 && step.cosine <= 1 + 1e-9)
      }
    }
    #expect(result.middleMedianChangePercent > 0)
    #expect(
      try CanonicalJSON.data(result) == CanonicalJSON.data(ResidualChange(trace: loaded.trace)))
    print("residual-change \(model.name): \(result.findings)")
  }
}
