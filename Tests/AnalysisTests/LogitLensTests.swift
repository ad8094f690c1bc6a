import Analysis
import Engine
import Foundation
import Registry
import Testing

@Suite("Logit lens")
struct LogitLensTests {
  static func ln(_ values: [Double]) -> [Float] { values.map { Float(log($0)) } }

  /// Identity U, two layers: layer 0 favours token 0, layer 1 token 1, the output token 3.
  static func trace() throws -> Trace {
    try Synthetic.trace(tokens: [0, 2], layers: 2, width: 4) { layer, _ in
      [ln([4, 3, 2, 1]), ln([1, 4, 3, 2]), ln([1, 2, 3, 4])][layer]
    }
  }

  @Test func knownAnswersWithoutNorm() throws {
    let lens = try LogitLens(
      trace: Self.trace(), unembedding: Synthetic.identityUnembedding(4),
      options: .init(norm: .none, top: 2, measure: .final))
    #expect(lens.cells.count == 3)
    #expect(lens.finalTokens.map(\.id) == [3, 3])
    let first = lens.cells[0][0]
    #expect(first.top.map(\.id) == [0, 1])
    #expect(abs(first.top[0].probability - 0.4) < 1e-6)
    #expect(first.finalRank == 4)
    #expect(abs(first.finalProbability - 0.1) < 1e-6)
    #expect(abs(first.value - 0.1) < 1e-6)
    #expect(first.nextRank == 3)
    #expect(abs((first.nextProbability ?? 0) - 0.2) < 1e-6)
    #expect(lens.cells[0][1].nextRank == nil)
    let p = [0.1, 0.2, 0.3, 0.4]
    let q = [0.4, 0.3, 0.2, 0.1]
    let kl = zip(p, q).reduce(0) { $0 + $1.0 * log($1.0 / $1.1) }
    #expect(abs(first.divergence - kl) < 1e-6)
    let entropy = -p.reduce(0) { $0 + $1 * log($1) }
    #expect(abs(first.entropy - entropy) < 1e-6)
    #expect(lens.cells[1][0].finalRank == 3)
    #expect(lens.cells[2][0].divergence < 1e-9)
    #expect(lens.settleLayers == [2, 2])
    #expect(lens.findings[0].contains("from layer 2 of 2"))
  }

  @Test func finalNormScalesToUnitRMS() throws {
    // Row (4, 0, 0, 0) has RMS 2, so the normed row and the logits are (2, 0, 0, 0).
    let trace = try Synthetic.trace(tokens: [1], layers: 1, width: 4) { _, _ in [4, 0, 0, 0] }
    let unembedding = try Synthetic.identityUnembedding(4)
    let normed = try LogitLens(trace: trace, unembedding: unembedding, options: .init(top: 1))
    let expected = exp(2.0) / (exp(2.0) + 3)
    #expect(abs(normed.cells[0][0].top[0].probability - expected) < 1e-6)
    #expect(abs(normed.cells[0][0].value - expected) < 1e-6)
    let raw = try LogitLens(
      trace: trace, unembedding: unembedding, options: .init(norm: .none, top: 1))
    let rawExpected = exp(4.0) / (exp(4.0) + 3)
    #expect(abs(raw.cells[0][0].top[0].probability - rawExpected) < 1e-6)
  }

  @Test func measures() throws {
    let trace = try Self.trace()
    let unembedding = try Synthetic.identityUnembedding(4)
    let rank = try LogitLens(
      trace: trace, unembedding: unembedding, options: .init(norm: .none, top: 2, measure: .rank))
    #expect(abs(rank.cells[0][0].value - log10(4)) < 1e-12)
    let kl = try LogitLens(
      trace: trace, unembedding: unembedding, options: .init(norm: .none, top: 2, measure: .kl))
    #expect(kl.cells[0][0].value == kl.cells[0][0].divergence)
    let entropy = try LogitLens(
      trace: trace, unembedding: unembedding, options: .init(norm: .none, top: 2, measure: .entropy)
    )
    #expect(entropy.cells[1][1].value == entropy.cells[1][1].entropy)
  }

  /// 150 positions in blocks of 64: the last 70 read alone are the tail of the whole lens.
  @Test func readsTheLastPositionsOnly() throws {
    let n = 150
    let trace = try Synthetic.trace(tokens: (0..<n).map { $0 % 4 }, layers: 2, width: 4) {
      layer, position in
      (0..<4).map { Float(sin(Double(3 * layer + 7 * position + 5 * $0))) * 2 }
    }
    let unembedding = try Synthetic.identityUnembedding(4)
    let whole = try LogitLens(
      trace: trace, unembedding: unembedding, options: .init(top: 2, measure: .kl, positions: 1000))
    let tail = try LogitLens(
      trace: trace, unembedding: unembedding, options: .init(top: 2, measure: .kl, positions: 70))
    #expect(whole.promptLength == n && whole.firstPosition == 0 && whole.tokens.count == n)
    #expect(tail.promptLength == n && tail.firstPosition == 80 && tail.tokens.count == 70)
    #expect(tail.tokens == Array(whole.tokens[80...]))
    #expect(tail.finalTokens == Array(whole.finalTokens[80...]))
    #expect(tail.settleLayers == Array(whole.settleLayers[80...]))
    #expect(tail.cells.count == 3)
    for layer in 0...2 { #expect(tail.cells[layer] == Array(whole.cells[layer][80...])) }
    #expect(tail.cells[0][69].nextRank == nil && tail.cells[0][68].nextRank != nil)
    #expect(tail.findings[1].contains("over the last 70 of 150 positions"))
    #expect(whole.findings[1].contains("over positions"))
    // The default reads 64.
    let standard = try LogitLens(trace: trace, unembedding: unembedding, options: .init(top: 2))
    #expect(standard.tokens.count == 64 && standard.firstPosition == 86)
  }

  @Test func rejectsBadOptions() throws {
    let trace = try Self.trace()
    let unembedding = try Synthetic.identityUnembedding(4)
    #expect(
      throws: AnalysisError.optionOutOfRange(
        analysis: "logit-lens", option: "top", value: "0", allowed: "1...4")
    ) {
      try LogitLens(trace: trace, unembedding: unembedding, options: .init(top: 0))
    }
    #expect(throws: AnalysisError.self) {
      try LogitLens(trace: trace, unembedding: Synthetic.identityUnembedding(8))
    }
    #expect(
      throws: AnalysisError.optionOutOfRange(
        analysis: "logit-lens", option: "positions", value: "0", allowed: "1...16777216")
    ) {
      try LogitLens(trace: trace, unembedding: unembedding, options: .init(top: 2, positions: 0))
    }
  }

  @Test(arguments: [RegistryModel.smollm2, .gemma3])
  func realModelLastLayerIsTheOutput(_ model: RegistryModel) throws {
    let loaded = try TestModels.shared(model)
    let trace = loaded.trace
    let n = trace.tokenCount
    let start = trace.layerCount * n * trace.width
    let last = loaded.unembedding.logits(
      Array(trace.residual[start...]), rows: n, normalise: true)
    #expect(last == trace.logits)

    let lens = try LogitLens(
      trace: trace, unembedding: loaded.unembedding, options: .init(top: 5),
      label: loaded.label)
    #expect(lens.cells.count == trace.layerCount + 1)
    for position in 0..<n {
      let cell = lens.cells[trace.layerCount][position]
      #expect(cell.divergence < 1e-6)
      #expect(cell.finalRank == 1)
      #expect(cell.top[0].id == lens.finalTokens[position].id)
      #expect(lens.settleLayers[position] != nil)
    }
    for row in lens.cells {
      for cell in row {
        let mass = cell.top.reduce(0) { $0 + $1.probability }
        #expect(mass > 0 && mass <= 1 + 1e-9)
        #expect(cell.finalProbability >= 0 && cell.finalProbability <= 1)
        #expect(cell.entropy >= 0 && cell.entropy <= log(Double(trace.vocabularySize)) + 1e-6)
      }
    }
    let again = try LogitLens(
      trace: trace, unembedding: loaded.unembedding, options: .init(top: 5),
      label: loaded.label)
    #expect(try CanonicalJSON.data(again) == CanonicalJSON.data(lens))
    // Read alone, the last positions are the tail of the whole lens, bit for bit.
    let lastTwo = try LogitLens(
      trace: trace, unembedding: loaded.unembedding, options: .init(top: 5, positions: 2),
      label: loaded.label)
    #expect(lastTwo.firstPosition == n - 2)
    #expect(lastTwo.cells.map { Array($0) } == lens.cells.map { Array($0[(n - 2)...]) })
    print("logit-lens \(model.name): \(lens.findings)")
  }
}
