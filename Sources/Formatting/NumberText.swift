import Foundation

/// Every number lenscribe writes for a reader: in findings, tables, and SVG. One place, so that
/// the rules hold everywhere: locale-free, a fixed precision per use, and never `-0` (a value
/// that rounds to zero is written unsigned).
public enum NumberText {
  /// `value` with `digits` decimals, trailing zeros kept: tables (`0.125`, `12.0`).
  public static func fixed(_ value: Double, _ digits: Int = 3) -> String {
    unsigned(String(format: "%.\(min(max(digits, 0), 12))f", value))
  }

  /// `fraction` as a percentage with `digits` decimals: `0.4567` gives `45.7%`.
  public static func percent(_ fraction: Double, _ digits: Int = 1) -> String {
    fixed(fraction * 100, digits) + "%"
  }

  /// `value` with three significant digits: findings (`0.123`, `12.3`, `1.23e-05`).
  public static func significant(_ value: Double) -> String {
    guard value.isFinite else { return String(value) }
    if value == 0 { return "0" }
    let magnitude = abs(value)
    if magnitude >= 1e-3 && magnitude < 1e6 {
      return fixed(value, max(0, 2 - Int(floor(log10(magnitude)))))
    }
    return String(format: "%.2e", value)
  }

  /// `value` rounded to `digits` decimals (0...6), trailing zeros and a bare point dropped:
  /// SVG coordinates and labels (`1.5`, `2`); non-finite values are written `0`.
  public static func trimmed(_ value: Double, digits: Int = 2) -> String {
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

  /// A whole number with a comma every three digits: `49152` gives `49,152`.
  public static func grouped(_ value: Int64) -> String {
    var digits = String(value.magnitude)
    var groups: [String] = []
    while digits.count > 3 {
      groups.insert(String(digits.suffix(3)), at: 0)
      digits.removeLast(3)
    }
    groups.insert(digits, at: 0)
    return (value < 0 ? "-" : "") + groups.joined(separator: ",")
  }

  /// A whole number as an English ordinal: `1st`, `2nd`, `3rd`, `11th`, `21st`.
  public static func ordinal(_ value: Int64) -> String {
    let suffix: String
    switch (value.magnitude % 10, value.magnitude % 100) {
    case (_, 11...13): suffix = "th"
    case (1, _): suffix = "st"
    case (2, _): suffix = "nd"
    case (3, _): suffix = "rd"
    default: suffix = "th"
    }
    return "\(value)\(suffix)"
  }

  /// `text` without its sign when every digit in it is zero.
  private static func unsigned(_ text: String) -> String {
    text.hasPrefix("-") && text.dropFirst().allSatisfy { $0 == "0" || $0 == "." }
      ? String(text.dropFirst()) : text
  }
}
