import Formatting
import Foundation

/// A number or word from a lens block's result, written into the prose: `[@val:LABEL.PATH]` or
/// `[@val:LABEL.PATH|FORMAT]`. The prose then cannot drift from what the block computed: the
/// value is read from the block's result JSON (the figure's data file) at every build, and a
/// label or path that does not lead to a value fails the build at the reference's line.
///
/// PATH is a dot-separated walk into the JSON: object keys by name, array items by position
/// counted from 1 as a reader counts (`top.1` is the first guess), `-1` for the last item, and
/// `count` for an array's length. FORMAT says how a number reads:
///
/// | format | 0.3629 | 49152 | 6 |
/// | --- | --- | --- | --- |
/// | (none) | 0.363 | 49152 | 6 |
/// | `.2` | 0.36 | 49152.00 | 6.00 |
/// | `%` | 36.3% | | |
/// | `%.0` | 36% | | |
/// | `,` | | 49,152 | |
/// | `ord` | | | 6th |
struct ValueReference: Equatable, Sendable {
  /// The lens block's label.
  let label: String
  /// The walk into its result.
  let path: [String]
  /// How the value is written.
  let format: Format
  /// What the author wrote, for messages.
  let source: String

  /// How a value reads in the text.
  enum Format: Equatable, Sendable {
    /// Strings as they are; whole numbers as integers; others to three decimals, no trailing 0.
    case plain
    /// A fixed number of decimals.
    case fixed(Int)
    /// Times 100 with a percent sign, to the given decimals.
    case percent(Int)
    /// Whole numbers with thousands separators.
    case grouped
    /// A whole number as an English ordinal: 1st, 2nd, 3rd, 11th.
    case ordinal

    init?(_ text: String) {
      switch text {
      case "": self = .plain
      case "%": self = .percent(1)
      case ",": self = .grouped
      case "ord": self = .ordinal
      default:
        if text.hasPrefix("%."), let digits = Int(text.dropFirst(2)), (0...6).contains(digits) {
          self = .percent(digits)
        } else if text.hasPrefix("."), let digits = Int(text.dropFirst()), (0...6).contains(digits) {
          self = .fixed(digits)
        } else {
          return nil
        }
      }
    }
  }

  /// The reference syntax: a label, a path of one or more steps, and an optional format.
  static let pattern = #"\[@val:([A-Za-z0-9][A-Za-z0-9_-]*)((?:\.[^\s.|\]\[]+)+)(?:\|([^\s\]\[]*))?\]"#

  /// The formats a reference may name, for messages.
  static let formatsHelp = "'.N' (N decimals), '%', '%.N', ',' (thousands) or 'ord' (1st, 2nd)"

  /// Each reference in `text` with its range, or why it is malformed.
  static func parse(_ text: String) -> [Result<(ValueReference, Range<String.Index>), Problem>] {
    text.matches(of: try! Regex(pattern)).map { match in
      let source = String(text[match.range])
      let label = match.output[1].substring.map(String.init) ?? ""
      let path = (match.output[2].substring.map(String.init) ?? "")
        .split(separator: ".").map(String.init)
      let formatText = match.output[3].substring.map(String.init) ?? ""
      guard let format = Format(formatText) else {
        return .failure(
          Problem(
            message: "\(source) has the unknown format '\(formatText)': use \(formatsHelp)"))
      }
      return .success(
        (ValueReference(label: label, path: path, format: format, source: source), match.range))
    }
  }

  /// Why a reference cannot be read.
  struct Problem: Error, Equatable {
    let message: String
  }

  /// The value at the path in `result`, written in the format.
  func text(in result: JSONValue) -> Result<String, Problem> {
    var value = result
    var walked = label
    for step in path {
      switch value {
      case .object(let members):
        guard let next = members[step] else {
          let keys = members.keys.sorted().joined(separator: ", ")
          return .failure(
            Problem(message: "\(source): \(walked) has no '\(step)' (it has: \(keys))"))
        }
        value = next
      case .array(let items):
        if step == "count" {
          value = .number(Double(items.count))
        } else if let position = Int(step), position != 0, abs(position) <= items.count {
          value = items[position > 0 ? position - 1 : items.count + position]
        } else {
          return .failure(
            Problem(
              message: "\(source): \(walked) is a list of \(items.count); use 1 to "
                + "\(items.count), -1 for the last, or 'count'"))
        }
      default:
        return .failure(
          Problem(message: "\(source): \(walked) is a single value; it has no '\(step)'"))
      }
      walked += "." + step
    }
    return format(value).mapError { Problem(message: "\(source): \($0.message)") }
  }

  private func format(_ value: JSONValue) -> Result<String, Problem> {
    switch (value, format) {
    case (.string(let text), .plain): return .success(text)
    case (.bool(let flag), .plain): return .success(flag ? "true" : "false")
    case (.number(let number), _): return Self.format(number, format)
    case (.object, _), (.array, _):
      return .failure(Problem(message: "it is a group of values, not one; name a step further"))
    case (.null, _): return .failure(Problem(message: "it is empty (null) in the result"))
    default: return .failure(Problem(message: "a format applies to numbers only"))
    }
  }

  private static func format(_ number: Double, _ format: Format) -> Result<String, Problem> {
    let whole = number.rounded() == number && abs(number) < 1e15
    switch format {
    case .plain: return .success(NumberText.trimmed(number, digits: 3))
    case .fixed(let digits): return .success(NumberText.fixed(number, digits))
    case .percent(let digits): return .success(NumberText.percent(number, digits))
    case .grouped:
      guard whole else { return .failure(Problem(message: "',' needs a whole number")) }
      return .success(NumberText.grouped(Int64(number)))
    case .ordinal:
      guard whole, number >= 0 else {
        return .failure(Problem(message: "'ord' needs a whole number of at least 0"))
      }
      return .success(NumberText.ordinal(Int64(number)))
    }
  }
}
