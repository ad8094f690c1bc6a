/// The colour scales figures use: perceptually uniform sequential scales and one diverging
/// scale, each a table of 11 sampled stops interpolated linearly (no rainbow, no red-green).
public enum ColourScale: String, Sendable, CaseIterable {
  /// Sequential, dark purple to yellow (matplotlib's viridis, sampled at tenths).
  case viridis
  /// Sequential, safe for red-green colour blindness, dark blue to yellow (cividis).
  case cividis
  /// Diverging blue-white-red, white at the centre of the domain (ColorBrewer RdBu reversed).
  case diverging

  /// Whether the scale's centre stands for zero.
  public var isDiverging: Bool { self == .diverging }

  /// The sampled stops, from low to high.
  public var stops: [RGB] {
    switch self {
    case .viridis:
      [
        0x440154, 0x482475, 0x414487, 0x355f8d, 0x2a788e, 0x21918c, 0x22a884, 0x44bf70,
        0x7ad151, 0xbddf26, 0xfde725,
      ].map(RGB.init(hex:))
    case .cividis:
      [
        0x00224e, 0x083370, 0x35456c, 0x4f576c, 0x666970, 0x7d7c78, 0x948e77, 0xaea371,
        0xc8b866, 0xe5cf52, 0xfee838,
      ].map(RGB.init(hex:))
    case .diverging:
      [
        0x053061, 0x2166ac, 0x4393c3, 0x92c5de, 0xd1e5f0, 0xf7f7f7, 0xfddbc7, 0xf4a582,
        0xd6604d, 0xb2182b, 0x67001f,
      ].map(RGB.init(hex:))
    }
  }

  /// The colour at `t` (0 low end ... 1 high end; clamped, NaN reads as 0).
  public func colour(at t: Double) -> RGB {
    let stops = self.stops
    let clamped = t.isNaN ? 0 : min(max(t, 0), 1)
    let position = clamped * Double(stops.count - 1)
    let index = min(Int(position), stops.count - 2)
    return stops[index].mixed(with: stops[index + 1], position - Double(index))
  }
}
