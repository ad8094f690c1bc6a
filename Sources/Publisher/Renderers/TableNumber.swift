import Foundation

/// Numbers for the tables under figures: fixed decimals, and never `-0.000` for a value that
/// rounds to zero (DESIGN.md: no `-0`).
enum TableNumber {
  /// `value` with `digits` decimals; a negative value that rounds to zero is written unsigned.
  static func fixed(_ value: Double, _ digits: Int = 3) -> String {
    let text = String(format: "%.\(digits)f", value)
    return text.hasPrefix("-") && text.dropFirst().allSatisfy { $0 == "0" || $0 == "." }
      ? String(text.dropFirst()) : text
  }
}
