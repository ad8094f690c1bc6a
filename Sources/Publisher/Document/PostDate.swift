/// A calendar date as posts write it (`2024-05-01`); no clock and no time zone involved.
public struct PostDate: Comparable, Hashable, Sendable, CustomStringConvertible {
  /// The year.
  public let year: Int
  /// The month, 1...12.
  public let month: Int
  /// The day of the month, 1...31.
  public let day: Int

  /// Parses `YYYY-MM-DD`; nil for anything else or a day the month does not have.
  public init?(_ text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
      (1...12).contains(month), day >= 1, day <= Self.days(inMonth: month, of: year)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// `YYYY-MM-DD`.
  public var description: String {
    "\(year)-\(Self.twoDigits(month))-\(Self.twoDigits(day))"
  }

  /// Midnight UTC of the date in RFC 3339 (`2024-05-01T00:00:00Z`), for the Atom feed.
  public var rfc3339: String { description + "T00:00:00Z" }

  /// The date for readers, in English (`1 May 2024`).
  public var longForm: String {
    "\(day) \(Self.monthNames[month - 1]) \(year)"
  }

  public static func < (lhs: PostDate, rhs: PostDate) -> Bool {
    (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
  }

  private static let monthNames = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
  ]

  private static func twoDigits(_ value: Int) -> String {
    value < 10 ? "0\(value)" : "\(value)"
  }

  private static func days(inMonth month: Int, of year: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }
}
