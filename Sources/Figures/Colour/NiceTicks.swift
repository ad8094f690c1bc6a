import Foundation

/// Round axis tick values: steps of 1, 2 or 5 times a power of ten; powers of ten on log axes.
public enum NiceTicks {
  /// About `count` round values covering `lower...upper`, all inside it.
  public static func linear(_ lower: Double, _ upper: Double, count: Int = 5) -> [Double] {
    guard upper > lower, lower.isFinite, upper.isFinite, count > 0 else { return [lower] }
    let step = niceStep((upper - lower) / Double(count))
    var ticks: [Double] = []
    var index = (lower / step).rounded(.up)
    while index * step <= upper + step * 1e-9 {
      let value = index * step
      ticks.append(abs(value) < step * 1e-9 ? 0 : value)
      index += 1
    }
    return ticks
  }

  /// Powers of ten from the one at or below `lower` to the one at or above `upper` (> 0).
  public static func log10(_ lower: Double, _ upper: Double) -> [Double] {
    guard lower > 0, upper >= lower else { return [1] }
    let first = Int(Foundation.log10(lower).rounded(.down))
    let last = Int(Foundation.log10(upper).rounded(.up))
    return (first...max(first, last)).map { Foundation.pow(10, Double($0)) }
  }

  /// 1, 2 or 5 times a power of ten, the smallest at or above `raw`.
  static func niceStep(_ raw: Double) -> Double {
    let power = Foundation.pow(10, Foundation.log10(raw).rounded(.down))
    for factor in [1.0, 2, 5, 10] where factor * power >= raw * (1 - 1e-9) {
      return factor * power
    }
    return 10 * power
  }
}
