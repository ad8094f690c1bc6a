import Foundation

/// A JSON document as plain values: what a value reference walks, and a result another
/// analysis computed, carried inside a comparison.
enum JSONValue: Codable, Equatable, Sendable {
  case object([String: JSONValue])
  case array([JSONValue])
  case string(String)
  case number(Double)
  case bool(Bool)
  case null

  init(from decoder: Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let flag = try? container.decode(Bool.self) {
      self = .bool(flag)
    } else if let number = try? container.decode(Double.self) {
      self = .number(number)
    } else if let text = try? container.decode(String.self) {
      self = .string(text)
    } else if let items = try? container.decode([JSONValue].self) {
      self = .array(items)
    } else {
      self = .object(try container.decode([String: JSONValue].self))
    }
  }

  /// Written back as it was read: whole numbers (ids, counts) as integers.
  func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .object(let members): try container.encode(members)
    case .array(let items): try container.encode(items)
    case .string(let text): try container.encode(text)
    case .number(let number):
      if number.rounded() == number, abs(number) < 9.0e15 {
        try container.encode(Int64(number))
      } else {
        try container.encode(number)
      }
    case .bool(let flag): try container.encode(flag)
    case .null: try container.encodeNil()
    }
  }

  /// The document in `text`, or `nil` when it is not JSON.
  static func parse(_ text: String) -> JSONValue? {
    try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
  }
}
