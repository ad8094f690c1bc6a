import Engine
import Foundation
import Testing

/// Final logits against llama.cpp's (Tests/EngineTests/Fixtures/forward, made by
/// scripts/make-forward-goldens.py with llama-cpp-python 0.3.36 on the same GGUF files).
///
/// llama.cpp rounds activations to 8 bits inside its quantized dot products, so an F32
/// implementation is not bit-equal to it: a correct one sits at a KL of a few 1e-3 nats.
@Suite struct ForwardGoldenTests {
  struct Golden: Decodable {
    struct Case: Decodable {
      let text: String
      let tokens: [Int]
      let positions: [Position]
    }
    struct Position: Decodable {
      let ids: [Int]
      let logits: [Double]
      let logsumexp: Double
    }
    let model: String
    let cases: [Case]
  }

  struct Comparison {
    var kls: [Double] = []
    var top1Checked = 0
    var top1Mismatches: [String] = []
    var worstTop5Overlap = 5
  }

  /// KL(llama.cpp || ours) over llama.cpp's top 20 tokens plus the mass of all the others.
  static func compare(_ golden: Golden.Position, ours: ArraySlice<Float>) -> (kl: Double, top5: Int, top1: Int) {
    let row = Array(ours)
    let peak = Double(row.max()!)
    let lse = peak + log(row.reduce(0.0) { $0 + exp(Double($1) - peak) })
    var kl = 0.0
    var pRest = 1.0
    var qRest = 1.0
    for (id, logit) in zip(golden.ids, golden.logits) {
      let logP = logit - golden.logsumexp
      let logQ = Double(row[id]) - lse
      kl += exp(logP) * (logP - logQ)
      pRest -= exp(logP)
      qRest -= exp(logQ)
    }
    if pRest > 1e-12, qRest > 1e-12 { kl += pRest * log(pRest / qRest) }
    let ourTop5 = Set(row.indices.sorted { row[$0] > row[$1] || (row[$0] == row[$1] && $0 < $1) }.prefix(5))
    let top1 = row.indices.max { row[$0] < row[$1] || (row[$0] == row[$1] && $0 > $1) }!
    return (kl, ourTop5.intersection(golden.ids.prefix(5)).count, top1)
  }

  func check(_ path: String, fixture: String) throws {
    let url = TestModels.fixtures.appendingPathComponent("forward/\(fixture).json")
    let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: url))
    let model = try Transformer(path: path)
    var result = Comparison()
    for item in golden.cases {
      let trace = try model.trace(tokens: item.tokens, options: TraceOptions(attentionLayers: []))
      for (position, reference) in item.positions.enumerated() {
        let (kl, top5, top1) = Self.compare(reference, ours: trace.logits(position: position))
        result.kls.append(kl)
        result.worstTop5Overlap = min(result.worstTop5Overlap, top5)
        if reference.logits[0] - reference.logits[1] > 0.5 {
          result.top1Checked += 1
          if top1 != reference.ids[0] {
            result.top1Mismatches.append("'\(item.text.prefix(20))' position \(position): \(top1) vs \(reference.ids[0])")
          }
        }
      }
    }
    let mean = result.kls.reduce(0, +) / Double(result.kls.count)
    let worst = result.kls.max() ?? 0
    print("forward vs llama.cpp (\(fixture)): \(result.kls.count) positions, mean KL \(mean), max KL \(worst), top-1 checked \(result.top1Checked), worst top-5 overlap \(result.worstTop5Overlap)")
    #expect(mean < 1e-2)
    #expect(worst < 3e-2)
    #expect(result.top1Mismatches.isEmpty, "\(result.top1Mismatches)")
    #expect(result.worstTop5Overlap >= 4)
  }

  @Test func smolLM2MatchesLlamaCpp() throws {
    try check(try TestModels.smollm2, fixture: "smollm2-135m")
  }

  @Test func gemma3MatchesLlamaCpp() throws {
    try check(try TestModels.gemma3, fixture: "gemma3-270m")
  }
}
