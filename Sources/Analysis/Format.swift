import Foundation

/// Numbers as findings print them: three significant digits, fixed and locale-free.
enum Format {
  /// `x` with three significant digits (`0.123`, `12.3`, `1.23e-05`).
  static func number(_ x: Double) -> String {
    guard x.isFinite else { return String(x) }
    if x == 0 { return "0" }
    let magnitude = abs(x)
    if magnitude >= 1e-3 && magnitude < 1e6 {
      let digits = max(0, 2 - Int(floor(log10(magnitude))))
      return String(format: "%.\(digits)f", x)
    }
    return String(format: "%.2e", x)
  }

  /// `x` (a fraction) as a percentage with one decimal: `0.4567` gives `45.7%`.
  static func percent(_ x: Double) -> String {
    String(format: "%.1f%%", x * 100)
  }
}
