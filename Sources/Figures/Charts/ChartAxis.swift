import Foundation

/// Maps data values on one axis to viewBox coordinates, linearly or on a log10 scale.
struct ChartAxis {
  enum Kind { case linear, log10 }
  var kind: Kind
  var lower: Double
  var upper: Double
  /// Coordinates of `lower` and `upper`.
  var start: Double
  var end: Double

  /// An axis over the finite values (and, on a log axis, the positive ones) in `values`.
  init(kind: Kind, values: [Double], start: Double, end: Double, fixed: ClosedRange<Double>?) {
    self.kind = kind
    self.start = start
    self.end = end
    let usable = values.filter { $0.isFinite && (kind == .linear || $0 > 0) }
    var low = fixed?.lowerBound ?? usable.min() ?? 0
    var high = fixed?.upperBound ?? usable.max() ?? 1
    if kind == .log10 {
      if fixed == nil, let ticks = Optional(NiceTicks.log10(max(low, 1e-12), max(high, 1e-12))) {
        (low, high) = (ticks.first!, ticks.last!)
      }
      if !(high > low) { high = low * 10 }
    } else {
      if fixed == nil {
        let ticks = NiceTicks.linear(low, high, count: 5)
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
        low = min(low, (low / step).rounded(.down) * step)
        high = max(high, (high / step).rounded(.up) * step)
      }
      if !(high > low) { high = low + 1 }
    }
    lower = low
    upper = high
  }

  /// Whether `value` can be drawn on this axis.
  func accepts(_ value: Double) -> Bool { value.isFinite && (kind == .linear || value > 0) }

  /// Coordinate of `value`.
  func position(_ value: Double) -> Double {
    let t: Double
    switch kind {
    case .linear: t = (value - lower) / (upper - lower)
    case .log10:
      t =
        (Foundation.log10(value) - Foundation.log10(lower))
        / (Foundation.log10(upper) - Foundation.log10(lower))
    }
    return start + (end - start) * t
  }

  /// Tick values inside the axis.
  func ticks(count: Int) -> [Double] {
    switch kind {
    case .linear: NiceTicks.linear(lower, upper, count: count)
    case .log10: NiceTicks.log10(lower, upper).filter { $0 >= lower * 0.999 && $0 <= upper * 1.001 }
    }
  }
}
