/// Canonical number text for SVG: fixed precision, no trailing zeros, never `-0`.
public enum SVGNumber {
  /// `value` rounded to `digits` decimals (0...6), trailing zeros and a bare point dropped;
  /// `-0` and non-finite values are written `0`.
  public static func format(_ value: Double, digits: Int = 2) -> String {
    let digits = min(max(digits, 0), 6)
    guard value.isFinite else { return "0" }
    var scale: Int64 = 1
    for _ in 0..<digits { scale *= 10 }
    let scaled = (value * Double(scale)).rounded()
    guard abs(scaled) < 9.0e15 else { return String(Int64(value.rounded())) }
    let units = Int64(scaled)
    if units == 0 { return "0" }
    let magnitude = units.magnitude
    let whole = magnitude / UInt64(scale)
    var fraction = magnitude % UInt64(scale)
    var text = (units < 0 ? "-" : "") + String(whole)
    if fraction == 0 { return text }
    var width = digits
    while fraction % 10 == 0 {
      fraction /= 10
      width -= 1
    }
    let fractionText = String(fraction)
    text += "." + String(repeating: "0", count: width - fractionText.count) + fractionText
    return text
  }
}
