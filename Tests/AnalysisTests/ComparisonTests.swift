import Analysis
import Engine
import Foundation
import Testing

@Suite("Comparison")
struct ComparisonTests {
  static func run(_ trace: Trace) throws -> (LogitLens, ResidualChange) {
    let lens = try LogitLens(
      trace: trace, unembedding: Synthetic.identityUnembedding(4),
      options: .init(norm: .none, top: 1))
    return (lens, try ResidualChange(trace: trace, options: .init(gaps: [])))
  }

  @Test func knownAgreement() throws {
    let a = try Self.run(LogitLensTests.trace())
    // The same lens, spread over four layers: layer 2l matches layer l of `a`.
    let rows = [[4, 3, 2, 1], [2, 2, 2, 2], [1, 4, 3, 2], [2, 2, 2, 2], [1, 2, 3, 4]]
      .map { LogitLensTests.ln($0) }
    let deeper = try Self.run(
      Synthetic.trace(tokens: [0, 2], layers: 4, width: 4) { layer, _ in rows[layer] })
    let flat = try Self.run(
      Synthetic.trace(tokens: [0, 2], layers: 2, width: 4) { _, _ in
        LogitLensTests.ln([1, 2, 3, 4])
      })

    let same = try Comparison(
      leftName: "a", leftLens: a.0, leftChange: a.1, rightName: "deeper", rightLens: deeper.0,
      rightChange: deeper.1)
    #expect(same.lensAgreement == [1, 1, 1])
    #expect(same.sameAnswer)
    #expect(same.alignedPositions == 2)

    let other = try Comparison(
      leftName: "a", leftLens: a.0, leftChange: a.1, rightName: "flat", rightLens: flat.0,
      rightChange: flat.1)
    #expect(other.lensAgreement == [0, 0, 1])
    #expect(other.changeDifference.count == 2)
    #expect(other.changeDifference[0] == a.1.layers[0].medianChangePercent)
    #expect(flat.1.layers.allSatisfy { $0.medianChangePercent == 0 })
    #expect(
      other.findings[0] == "a answers \"#3\" (p = 0.400) and flat \"#3\" (p = 0.400): "
        + "the same token.")
    #expect(other.findings[1].contains("agree at 33.3% of the aligned cells over 2 positions"))
  }

  @Test func realModelsSideBySide() throws {
    let small = try TestModels.shared(.smollm2)
    let gemma = try TestModels.shared(.gemma3)
    func run(_ loaded: TestModels.Loaded) throws -> (LogitLens, ResidualChange) {
      (
        try LogitLens(
          trace: loaded.trace, unembedding: loaded.unembedding, options: .init(top: 1),
          label: loaded.label),
        try ResidualChange(trace: loaded.trace)
      )
    }
    let (smallLens, smallChange) = try run(small)
    let (gemmaLens, gemmaChange) = try run(gemma)
    let result = try Comparison(
      leftName: "SmolLM2", leftLens: smallLens, leftChange: smallChange,
      rightName: "Gemma 3", rightLens: gemmaLens, rightChange: gemmaChange)
    #expect(result.lensAgreement.count == small.trace.layerCount + 1)
    #expect(result.lensAgreement.allSatisfy { $0 >= 0 && $0 <= 1 })
    #expect(result.changeDifference.count == small.trace.layerCount)
    let self_ = try Comparison(
      leftName: "SmolLM2", leftLens: smallLens, leftChange: smallChange,
      rightName: "SmolLM2", rightLens: smallLens, rightChange: smallChange)
    #expect(self_.lensAgreement.allSatisfy { $0 == 1 })
    #expect(self_.changeDifference.allSatisfy { $0 == 0 })
    print("compare: \(result.findings)")
  }
}
