import Foundation

/// A softmax distribution over the vocabulary, kept as logits plus their log-sum-exp so that
/// every probability is `exp(logit - logSumExp)` computed in Double (max subtracted first).
struct Distribution: Sendable {
  let logits: ArraySlice<Float>
  let logSumExp: Double
  /// Shannon entropy in nats, `-sum q ln q = ln S - sum e_v (z_v - m) / S` with
  /// `e_v = exp(z_v - m)`, `S = sum e_v`, m the largest logit (one pass of exponentials).
  let entropy: Double

  init(logits: ArraySlice<Float>) {
    self.logits = logits
    var maximum = -Float.infinity
    for value in logits where value > maximum { maximum = value }
    let shift = Double(maximum)
    var sum = 0.0
    var weighted = 0.0
    for value in logits {
      let centred = Double(value) - shift
      let e = Foundation.exp(centred)
      sum += e
      weighted += e * centred
    }
    let logSum = Foundation.log(sum)
    logSumExp = shift + logSum
    entropy = max(0, logSum - weighted / sum)
  }

  /// log p(id).
  func logProbability(_ id: Int) -> Double {
    Double(logits[logits.startIndex + id]) - logSumExp
  }

  /// p(id).
  func probability(_ id: Int) -> Double { Foundation.exp(logProbability(id)) }

  /// Every probability, as Float (for many divergences against the same distribution).
  func probabilities() -> [Float] {
    logits.map { Float(Foundation.exp(Double($0) - logSumExp)) }
  }

  /// Sum of all probabilities (1 up to rounding).
  var total: Double {
    var sum = 0.0
    for value in logits { sum += Foundation.exp(Double(value) - logSumExp) }
    return sum
  }

  /// KL(p ‖ self) in nats, p being `reference` with its `probabilities()`:
  /// `sum_v p_v (z_p,v - z_q,v + LSE_q - LSE_p)`, no exponentials.
  func divergence(of reference: Distribution, probabilities p: [Float]) -> Double {
    let offset = logSumExp - reference.logSumExp
    let base = logits.startIndex
    let referenceBase = reference.logits.startIndex
    var sum = 0.0
    for v in 0..<p.count where p[v] > 0 {
      let difference = Double(reference.logits[referenceBase + v]) - Double(logits[base + v])
      sum += Double(p[v]) * (difference + offset)
    }
    return max(0, sum)
  }

  /// 1-based rank of `id`: 1 + the number of tokens with a strictly larger logit.
  func rank(of id: Int) -> Int {
    let target = logits[logits.startIndex + id]
    var above = 0
    for value in logits where value > target { above += 1 }
    return above + 1
  }

  /// The `k` token ids with the largest logits, largest first; ties go to the smaller id.
  func top(_ k: Int) -> [Int] {
    TopK.indices(of: logits, k: k)
  }
}
