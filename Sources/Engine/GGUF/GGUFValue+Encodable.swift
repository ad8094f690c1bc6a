/// Metadata values encode as plain JSON: numbers, strings, booleans, arrays.
extension GGUFValue: Encodable {
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .uint8(let v): try container.encode(v)
    case .int8(let v): try container.encode(v)
    case .uint16(let v): try container.encode(v)
    case .int16(let v): try container.encode(v)
    case .uint32(let v): try container.encode(v)
    case .int32(let v): try container.encode(v)
    case .float32(let v): try container.encode(v)
    case .bool(let v): try container.encode(v)
    case .string(let v): try container.encode(v)
    case .array(let v): try container.encode(v)
    case .uint64(let v): try container.encode(v)
    case .int64(let v): try container.encode(v)
    case .float64(let v): try container.encode(v)
    }
  }
}

extension GGUFArray: Encodable {
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .uint8(let a): try container.encode(a)
    case .int8(let a): try container.encode(a)
    case .uint16(let a): try container.encode(a)
    case .int16(let a): try container.encode(a)
    case .uint32(let a): try container.encode(a)
    case .int32(let a): try container.encode(a)
    case .float32(let a): try container.encode(a)
    case .bool(let a): try container.encode(a)
    case .string(let a): try container.encode(a)
    case .array(let a): try container.encode(a)
    case .uint64(let a): try container.encode(a)
    case .int64(let a): try container.encode(a)
    case .float64(let a): try container.encode(a)
    }
  }

  /// The first `count` elements (all of them for shorter arrays).
  public func prefix(_ count: Int) -> GGUFArray {
    switch self {
    case .uint8(let a): .uint8(Array(a.prefix(count)))
    case .int8(let a): .int8(Array(a.prefix(count)))
    case .uint16(let a): .uint16(Array(a.prefix(count)))
    case .int16(let a): .int16(Array(a.prefix(count)))
    case .uint32(let a): .uint32(Array(a.prefix(count)))
    case .int32(let a): .int32(Array(a.prefix(count)))
    case .float32(let a): .float32(Array(a.prefix(count)))
    case .bool(let a): .bool(Array(a.prefix(count)))
    case .string(let a): .string(Array(a.prefix(count)))
    case .array(let a): .array(Array(a.prefix(count)))
    case .uint64(let a): .uint64(Array(a.prefix(count)))
    case .int64(let a): .int64(Array(a.prefix(count)))
    case .float64(let a): .float64(Array(a.prefix(count)))
    }
  }
}
