import Foundation

/// A softmax distribution over the vocabulary, kept as logits plus their log-sum-exp so that
/// every probability is `exp(logit - logSumExp)` computed in Double (max subtracted first).
struct Distribution {
  let logits: ArraySlice<Float>
  let logSumExp: Double

  init(logits: ArraySlice<Float>) {
    self.logits = logits
    var maximum = -Float.infinity
    for value in logits where value > maximum { maximum = value }
    var sum = 0.0
    let shift = Double(maximum)
    for value in logits { sum += Foundation.exp(Double(value) - shift) }
    logSumExp = shift + Foundation.log(sum)
  }

  /// log p(id).
  func logProbability(_ id: Int) -> Double {
    Double(logits[logits.startIndex + id]) - logSumExp
  }

  /// p(id).
  func probability(_ id: Int) -> Double { Foundation.exp(logProbability(id)) }

  /// Sum of all probabilities (1 up to rounding).
  var total: Double {
    var sum = 0.0
    for value in logits { sum += Foundation.exp(Double(value) - logSumExp) }
    return sum
  }

  /// Shannon entropy in nats: `-sum p log p`.
  var entropy: Double {
    var sum = 0.0
    for value in logits {
      let logP = Double(value) - logSumExp
      sum -= Foundation.exp(logP) * logP
    }
    return max(0, sum)
  }

  /// KL(self ‖ other) in nats: `sum p (log p - log q)`. Both over the same vocabulary.
  func divergence(from other: Distribution) -> Double {
    var sum = 0.0
    var j = other.logits.startIndex
    for value in logits {
      let logP = Double(value) - logSumExp
      let logQ = Double(other.logits[j]) - other.logSumExp
      sum += Foundation.exp(logP) * (logP - logQ)
      j += 1
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
