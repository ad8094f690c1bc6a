import Engine
import Foundation

/// llama.cpp's final logits for a few prompts on one model: the fixtures written by
/// scripts/make-forward-goldens.py (real models) and scripts/make-oracle-goldens.py (the
/// random-weight models of `SyntheticModel.oracleCases`), with llama-cpp-python 0.3.36.
struct LlamaCppGolden: Decodable {
  struct Case: Decodable {
    let text: String
    let tokens: [Int]
    let positions: [Position]
  }
  /// llama.cpp's top 20 ids and logits at one position, and the log-sum-exp of the whole row.
  struct Position: Decodable {
    let ids: [Int]
    let logits: [Double]
    let logsumexp: Double
  }
  let model: String
  /// SHA-256 of the model file (oracle fixtures only).
  let sha256: String?
  let cases: [Case]

  init(fixture: String) throws {
    let url = TestModels.fixtures.appendingPathComponent("\(fixture).json")
    self = try JSONDecoder().decode(Self.self, from: Data(contentsOf: url))
  }

  /// How a model's logits compare with the golden's over every position of every case.
  struct Comparison: CustomStringConvertible {
    var kls: [Double] = []
    var top1Checked = 0
    var top1Mismatches: [String] = []
    var worstTop5Overlap = 5

    var meanKL: Double { kls.reduce(0, +) / Double(max(kls.count, 1)) }
    var maxKL: Double { kls.max() ?? 0 }

    var description: String {
      "\(kls.count) positions, mean KL \(meanKL), max KL \(maxKL), top-1 checked \(top1Checked), "
        + "top-1 mismatches \(top1Mismatches.count), worst top-5 overlap \(worstTop5Overlap)"
    }
  }

  /// Runs every case through `model` and compares. Top-1 is compared where llama.cpp's margin
  /// between its first two tokens exceeds 0.5.
  func compare(with model: Transformer) throws -> Comparison {
    var result = Comparison()
    for item in cases {
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
    return result
  }

  /// KL(llama.cpp || ours) over llama.cpp's top 20 tokens plus the mass of all the others.
  static func compare(_ golden: Position, ours: ArraySlice<Float>) -> (kl: Double, top5: Int, top1: Int) {
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
}
