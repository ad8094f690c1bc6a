/// A metadata value of a GGUF file: one of the thirteen GGUF value types.
public enum GGUFValue: Sendable, Equatable {
  case uint8(UInt8)
  case int8(Int8)
  case uint16(UInt16)
  case int16(Int16)
  case uint32(UInt32)
  case int32(Int32)
  case float32(Float)
  case bool(Bool)
  case string(String)
  case array(GGUFArray)
  case uint64(UInt64)
  case int64(Int64)
  case float64(Double)

  /// GGUF's name of the value's type (`UINT32`, `STRING`, `ARRAY`...).
  public var typeName: String {
    switch self {
    case .uint8: "UINT8"
    case .int8: "INT8"
    case .uint16: "UINT16"
    case .int16: "INT16"
    case .uint32: "UINT32"
    case .int32: "INT32"
    case .float32: "FLOAT32"
    case .bool: "BOOL"
    case .string: "STRING"
    case .array: "ARRAY"
    case .uint64: "UINT64"
    case .int64: "INT64"
    case .float64: "FLOAT64"
    }
  }

  /// The value as an integer, if it is one of the integer types and fits.
  public var intValue: Int? {
    switch self {
    case .uint8(let v): Int(v)
    case .int8(let v): Int(v)
    case .uint16(let v): Int(v)
    case .int16(let v): Int(v)
    case .uint32(let v): Int(v)
    case .int32(let v): Int(v)
    case .uint64(let v): Int(exactly: v)
    case .int64(let v): Int(v)
    default: nil
    }
  }

  /// The value as a floating-point number, if it is numeric.
  public var doubleValue: Double? {
    switch self {
    case .float32(let v): Double(v)
    case .float64(let v): v
    default: intValue.map(Double.init)
    }
  }
}

/// The contents of a GGUF array value: one element type, stored typed (vocabularies of 262,144
/// strings or scores stay compact). Arrays of arrays hold one `GGUFArray` per element.
public enum GGUFArray: Sendable, Equatable {
  case uint8([UInt8])
  case int8([Int8])
  case uint16([UInt16])
  case int16([Int16])
  case uint32([UInt32])
  case int32([Int32])
  case float32([Float])
  case bool([Bool])
  case string([String])
  case array([GGUFArray])
  case uint64([UInt64])
  case int64([Int64])
  case float64([Double])

  /// Number of elements.
  public var count: Int {
    switch self {
    case .uint8(let a): a.count
    case .int8(let a): a.count
    case .uint16(let a): a.count
    case .int16(let a): a.count
    case .uint32(let a): a.count
    case .int32(let a): a.count
    case .float32(let a): a.count
    case .bool(let a): a.count
    case .string(let a): a.count
    case .array(let a): a.count
    case .uint64(let a): a.count
    case .int64(let a): a.count
    case .float64(let a): a.count
    }
  }

  /// GGUF's name of the element type.
  public var elementTypeName: String {
    switch self {
    case .uint8: "UINT8"
    case .int8: "INT8"
    case .uint16: "UINT16"
    case .int16: "INT16"
    case .uint32: "UINT32"
    case .int32: "INT32"
    case .float32: "FLOAT32"
    case .bool: "BOOL"
    case .string: "STRING"
    case .array: "ARRAY"
    case .uint64: "UINT64"
    case .int64: "INT64"
    case .float64: "FLOAT64"
    }
  }

  /// The elements as integers, if the element type is an integer type (values that do not fit
  /// an `Int` make this nil).
  public var intValues: [Int]? {
    switch self {
    case .uint8(let a): a.map(Int.init)
    case .int8(let a): a.map(Int.init)
    case .uint16(let a): a.map(Int.init)
    case .int16(let a): a.map(Int.init)
    case .uint32(let a): a.map(Int.init)
    case .int32(let a): a.map(Int.init)
    case .int64(let a): a.map(Int.init)
    case .uint64(let a):
      a.allSatisfy { $0 <= UInt64(Int.max) } ? a.map { Int($0) } : nil
    default: nil
    }
  }

  /// The elements as `Float`, if the element type is numeric.
  public var floatValues: [Float]? {
    switch self {
    case .float32(let a): a
    case .float64(let a): a.map(Float.init)
    default: intValues?.map(Float.init)
    }
  }
}
