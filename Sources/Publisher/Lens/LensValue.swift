import Yams

/// An option value of a lens block, as YAML wrote it; encodes to canonical JSON so that equal
/// options give equal cache keys.
public enum LensValue: Hashable, Sendable, Codable, CustomStringConvertible {
  case string(String)
  case int(Int)
  case double(Double)
  case bool(Bool)
  case null
  case list([LensValue])
  case map([String: LensValue])

  /// Most values one lens block's options may hold, counted with every YAML alias expanded: an
  /// option is a few words or numbers, and ten nested aliases of ten items each expand a 1 KB
  /// block into 10^10 values.
  static let valueLimit = 10_000

  /// Thrown when a block's options hold more than `valueLimit` values.
  struct TooLarge: Error {}

  /// The value of a YAML node (YAML 1.1 scalars: `yes` is true, `0x10` is 16), counting every
  /// value against `budget`; throws `TooLarge` once it runs out, before expanding further.
  init(_ node: Node, budget: inout Int) throws(TooLarge) {
    budget -= 1
    guard budget >= 0 else { throw TooLarge() }
    switch node {
    case .scalar(let scalar):
      switch Resolver.default.resolveTag(of: node) {
      case .bool: self = node.bool.map(LensValue.bool) ?? .string(scalar.string)
      case .int: self = node.int.map(LensValue.int) ?? .string(scalar.string)
      case .float:
        if let value = node.float, value.isFinite {
          self = .double(value)
        } else {
          self = .string(scalar.string)
        }
      case .null: self = .null
      default: self = .string(scalar.string)
      }
    case .sequence(let sequence):
      var items: [LensValue] = []
      for item in sequence { items.append(try LensValue(item, budget: &budget)) }
      self = .list(items)
    case .mapping(let mapping):
      var values: [String: LensValue] = [:]
      for (key, value) in mapping {
        var name = key.scalar?.string ?? ""
        if key.scalar == nil { name = "\(try LensValue(key, budget: &budget))" }
        values[name] = try LensValue(value, budget: &budget)
      }
      self = .map(values)
    case .alias:
      self = .null
    }
  }

  /// The text of a string, number or boolean; nil for lists, mappings and null.
  public var text: String? {
    switch self {
    case .string(let value): value
    case .int(let value): String(value)
    case .double(let value): String(value)
    case .bool(let value): String(value)
    case .null, .list, .map: nil
    }
  }

  public var description: String {
    switch self {
    case .list(let values): "[" + values.map(\.description).joined(separator: ", ") + "]"
    case .map(let values):
      "{" + values.keys.sorted().map { "\($0): \(values[$0]!)" }.joined(separator: ", ") + "}"
    case .null: "null"
    default: text ?? ""
    }
  }

  /// The value as an error message quotes it: cut after 60 characters, so that a 10 MB value
  /// gives a one-line message.
  public var shown: String {
    let text = description
    guard text.count > 60 else { return text }
    return text.prefix(60) + "… (\(text.count) characters)"
  }

  public init(from decoder: Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Int.self) {
      self = .int(value)
    } else if let value = try? container.decode(Double.self) {
      self = .double(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([LensValue].self) {
      self = .list(value)
    } else {
      self = .map(try container.decode([String: LensValue].self))
    }
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .string(let value): try container.encode(value)
    case .int(let value): try container.encode(value)
    case .double(let value): try container.encode(value)
    case .bool(let value): try container.encode(value)
    case .null: try container.encodeNil()
    case .list(let value): try container.encode(value)
    case .map(let value): try container.encode(value)
    }
  }
}
