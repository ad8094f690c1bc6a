/// A colour scale over a value domain: which colour a number gets, and the bar's ticks.
public struct ColourMapping: Sendable, Equatable {
  /// The scale colours come from.
  public var scale: ColourScale
  /// The value at the low end of the scale.
  public var lower: Double
  /// The value at the high end of the scale.
  public var upper: Double

  /// A mapping over `lower...upper`; a diverging scale is made symmetric around 0
  /// (`-m...m` with `m` the larger magnitude) so white always means zero.
  public init(scale: ColourScale, lower: Double, upper: Double) {
    self.scale = scale
    var (low, high) = (min(lower, upper), max(lower, upper))
    if scale.isDiverging {
      let magnitude = max(abs(low), abs(high))
      (low, high) = (-magnitude, magnitude)
    }
    if !(high > low) { high = low + 1 }
    self.lower = low
    self.upper = high
  }

  /// A mapping over the finite values in `values` (0...1 when there are none).
  /// A mapping of `range` onto `scale`.
  public init(scale: ColourScale, range: ClosedRange<Double>) {
    self.init(scale: scale, lower: range.lowerBound, upper: range.upperBound)
  }

  public init(scale: ColourScale, fitting values: some Sequence<Double>) {
    var low = Double.infinity
    var high = -Double.infinity
    for value in values where value.isFinite {
      low = min(low, value)
      high = max(high, value)
    }
    if low > high { (low, high) = (0, 1) }
    self.init(scale: scale, lower: low, upper: high)
  }

  /// Position of `value` on the scale, 0...1 (clamped).
  public func position(of value: Double) -> Double {
    min(max((value - lower) / (upper - lower), 0), 1)
  }

  /// The colour of `value`.
  public func colour(of value: Double) -> RGB { scale.colour(at: position(of: value)) }

  /// The bin (0..<`bins`) `value` falls in, for merged cells.
  public func bin(of value: Double, bins: Int) -> Int {
    min(Int((position(of: value) * Double(bins)).rounded(.down)), bins - 1)
  }

  /// The colour drawn for bin `index` of `bins` (the bin's centre).
  public func binColour(_ index: Int, bins: Int) -> RGB {
    scale.colour(at: (Double(index) + 0.5) / Double(bins))
  }

  /// Round tick values inside the domain for a colour bar (about `count` of them).
  public func ticks(count: Int = 5) -> [Double] { NiceTicks.linear(lower, upper, count: count) }
}
