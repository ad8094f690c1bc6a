import Engine
import Foundation

/// Writes a GGUF (version 3) file: metadata in the order given, then tensors, each aligned to
/// 32 bytes, so that the same values always give the same bytes.
public struct GGUFWriter {
  public struct Tensor {
    public let name: String
    /// ggml order: the row length first.
    public let shape: [Int]
    public let type: TensorType
    /// The size of the tensor's data.
    public let byteCount: Int
    /// Makes the data: held values, or a seeded generator for tensors too big to hold (a
    /// 7B-shaped model is written one tensor at a time).
    let produce: @Sendable () -> [UInt8]

    /// The data.
    public var bytes: [UInt8] { produce() }
  }

  public private(set) var metadata: [(key: String, value: GGUFValue)] = []
  public private(set) var tensors: [Tensor] = []
  let alignment = 32

  public init() {}

  public mutating func set(_ key: String, _ value: GGUFValue) {
    if let index = metadata.firstIndex(where: { $0.key == key }) {
      metadata[index].value = value
    } else {
      metadata.append((key, value))
    }
  }

  /// Adds an F32 tensor.
  public mutating func add(_ name: String, shape: [Int], values: [Float]) {
    precondition(shape.reduce(1, *) == values.count, "\(name): \(values.count) values for \(shape)")
    var bytes = [UInt8]()
    bytes.reserveCapacity(values.count * 4)
    for value in values { bytes += Self.le(value.bitPattern) }
    let data = bytes
    tensors.append(
      Tensor(name: name, shape: shape, type: .f32, byteCount: data.count, produce: { data }))
  }

  /// Adds a tensor of `type` whose `byteCount` bytes `produce` makes when the file is written.
  public mutating func add(
    _ name: String, shape: [Int], type: TensorType, byteCount: Int,
    produce: @escaping @Sendable () -> [UInt8]
  ) {
    tensors.append(
      Tensor(name: name, shape: shape, type: type, byteCount: byteCount, produce: produce))
  }

  /// Removes the tensor called `name` (tests of files that lack one).
  public mutating func remove(_ name: String) {
    tensors.removeAll { $0.name == name }
  }

  /// The file's bytes.
  public func bytes() -> [UInt8] {
    var out = header()
    for tensor in tensors {
      out += tensor.bytes
      out += [UInt8](repeating: 0, count: Self.aligned(out.count, alignment) - out.count)
    }
    return out
  }

  /// Writes the file to `url` one tensor at a time (atomically) and returns its SHA-256.
  public func write(to url: URL) throws -> String {
    try AtomicFile.write(to: url) { handle in
      var written = 0
      func emit(_ chunk: [UInt8]) throws {
        try handle.write(contentsOf: chunk)
        written += chunk.count
      }
      try emit(header())
      for tensor in tensors {
        let data = tensor.bytes
        precondition(data.count == tensor.byteCount, "\(tensor.name): wrong size")
        try emit(data)
        try emit([UInt8](repeating: 0, count: Self.aligned(written, alignment) - written))
      }
    }
    return try FileDigest.sha256(path: url.path)
  }

  /// Everything before the first tensor's data: header, metadata, tensor infos, padding.
  private func header() -> [UInt8] {
    var out = Array("GGUF".utf8)
    out += Self.le(UInt32(3))
    out += Self.le(UInt64(tensors.count))
    out += Self.le(UInt64(metadata.count))
    for (key, value) in metadata {
      out += Self.string(key) + Self.le(Self.typeID(value)) + Self.encode(value)
    }
    var offset = 0
    for tensor in tensors {
      out += Self.string(tensor.name) + Self.le(UInt32(tensor.shape.count))
      for dimension in tensor.shape { out += Self.le(UInt64(dimension)) }
      out += Self.le(tensor.type.rawValue) + Self.le(UInt64(offset))
      offset = Self.aligned(offset + tensor.byteCount, alignment)
    }
    out += [UInt8](repeating: 0, count: Self.aligned(out.count, alignment) - out.count)
    return out
  }

  static func aligned(_ value: Int, _ alignment: Int) -> Int {
    (value + alignment - 1) / alignment * alignment
  }

  static func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value.littleEndian) { Array($0) }
  }

  static func string(_ text: String) -> [UInt8] {
    let bytes = Array(text.utf8)
    return le(UInt64(bytes.count)) + bytes
  }

  /// GGUF's value type names in the order of their ids (gguf.h `enum gguf_type`).
  static let typeNames = [
    "UINT8", "INT8", "UINT16", "INT16", "UINT32", "INT32", "FLOAT32", "BOOL", "STRING", "ARRAY",
    "UINT64", "INT64", "FLOAT64",
  ]

  static func typeID(_ value: GGUFValue) -> UInt32 {
    UInt32(typeNames.firstIndex(of: value.typeName)!)
  }

  static func typeID(_ array: GGUFArray) -> UInt32 {
    UInt32(typeNames.firstIndex(of: array.elementTypeName)!)
  }

  static func encode(_ value: GGUFValue) -> [UInt8] {
    switch value {
    case .uint8(let v): le(v)
    case .int8(let v): le(v)
    case .uint16(let v): le(v)
    case .int16(let v): le(v)
    case .uint32(let v): le(v)
    case .int32(let v): le(v)
    case .float32(let v): le(v.bitPattern)
    case .bool(let v): [v ? 1 : 0]
    case .string(let v): string(v)
    case .array(let v): encode(v)
    case .uint64(let v): le(v)
    case .int64(let v): le(v)
    case .float64(let v): le(v.bitPattern)
    }
  }

  static func encode(_ array: GGUFArray) -> [UInt8] {
    var out = le(typeID(array)) + le(UInt64(array.count))
    switch array {
    case .uint8(let v): out += v
    case .int8(let v): for x in v { out += le(x) }
    case .uint16(let v): for x in v { out += le(x) }
    case .int16(let v): for x in v { out += le(x) }
    case .uint32(let v): for x in v { out += le(x) }
    case .int32(let v): for x in v { out += le(x) }
    case .float32(let v): for x in v { out += le(x.bitPattern) }
    case .bool(let v): for x in v { out.append(x ? 1 : 0) }
    case .string(let v): for x in v { out += string(x) }
    case .array(let v): for x in v { out += encode(x) }
    case .uint64(let v): for x in v { out += le(x) }
    case .int64(let v): for x in v { out += le(x) }
    case .float64(let v): for x in v { out += le(x.bitPattern) }
    }
    return out
  }
}
