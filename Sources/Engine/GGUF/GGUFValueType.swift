/// GGUF's metadata value type ids and how each is read.
enum GGUFValueType: UInt32 {
  case uint8 = 0, int8, uint16, int16, uint32, int32, float32, bool, string, array, uint64, int64,
    float64

  /// The fewest bytes one value of this type takes in the file (used to bound array counts).
  var minimumSize: Int {
    switch self {
    case .uint8, .int8, .bool: 1
    case .uint16, .int16: 2
    case .uint32, .int32, .float32: 4
    case .uint64, .int64, .float64, .string: 8
    case .array: 12
    }
  }
}

extension GGUFByteReader {
  /// Reads a value type id, rejecting ids GGUF does not define.
  mutating func readValueType() throws -> GGUFValueType {
    let start = offset
    let raw = try read(UInt32.self, "a metadata value type")
    guard let type = GGUFValueType(rawValue: raw) else {
      throw GGUFError.unknownValueType(file: file, offset: start, type: raw)
    }
    return type
  }

  /// Reads one value of `type`. `depth` bounds the nesting of arrays.
  mutating func readValue(_ type: GGUFValueType, key: String, depth: Int = 0) throws -> GGUFValue {
    switch type {
    case .uint8: .uint8(try read(UInt8.self, "the value of \(key)"))
    case .int8: .int8(try read(Int8.self, "the value of \(key)"))
    case .uint16: .uint16(try read(UInt16.self, "the value of \(key)"))
    case .int16: .int16(try read(Int16.self, "the value of \(key)"))
    case .uint32: .uint32(try read(UInt32.self, "the value of \(key)"))
    case .int32: .int32(try read(Int32.self, "the value of \(key)"))
    case .float32: .float32(try readFloat("the value of \(key)"))
    case .bool: .bool(try readBool("the value of \(key)"))
    case .string: .string(try readString("the value of \(key)"))
    case .uint64: .uint64(try read(UInt64.self, "the value of \(key)"))
    case .int64: .int64(try read(Int64.self, "the value of \(key)"))
    case .float64: .float64(try readDouble("the value of \(key)"))
    case .array: .array(try readArray(key: key, depth: depth))
    }
  }

  /// Reads an array: element type id, UInt64 count, elements.
  mutating func readArray(key: String, depth: Int) throws -> GGUFArray {
    let start = offset
    guard depth < 8 else {
      throw GGUFError.implausibleSize(
        file: file, offset: start, what: "array nesting depth of \(key)", value: UInt64(depth))
    }
    let elementType = try readValueType()
    let countStart = offset
    let rawCount = try read(UInt64.self, "the element count of \(key)")
    let count = try requireElements(
      rawCount, minimumSize: elementType.minimumSize, at: countStart, "element count of \(key)")
    func many<T>(_ read: (inout GGUFByteReader) throws -> T) rethrows -> [T] {
      var values: [T] = []
      values.reserveCapacity(count)
      for _ in 0..<count { values.append(try read(&self)) }
      return values
    }
    let what = "an element of \(key)"
    switch elementType {
    case .uint8: return .uint8(try many { try $0.read(UInt8.self, what) })
    case .int8: return .int8(try many { try $0.read(Int8.self, what) })
    case .uint16: return .uint16(try many { try $0.read(UInt16.self, what) })
    case .int16: return .int16(try many { try $0.read(Int16.self, what) })
    case .uint32: return .uint32(try many { try $0.read(UInt32.self, what) })
    case .int32: return .int32(try many { try $0.read(Int32.self, what) })
    case .float32: return .float32(try many { try $0.readFloat(what) })
    case .bool: return .bool(try many { try $0.readBool(what) })
    case .string: return .string(try many { try $0.readString(what) })
    case .uint64: return .uint64(try many { try $0.read(UInt64.self, what) })
    case .int64: return .int64(try many { try $0.read(Int64.self, what) })
    case .float64: return .float64(try many { try $0.readDouble(what) })
    case .array:
      return .array(
        try many { reader in
          try reader.readArray(key: key, depth: depth + 1)
        })
    }
  }
}
