import Engine
import Foundation

/// Builds GGUF files byte by byte, so tests can make well-formed and hostile files alike.
struct GGUFBuilder {
  var magic: [UInt8] = Array("GGUF".utf8)
  var version: UInt32 = 3
  /// Metadata entries: key, raw value type id, encoded value bytes.
  var metadata: [(key: String, type: UInt32, value: [UInt8])] = []
  /// Tensor entries: name, dims, raw type id, offset in the data section.
  var tensors: [(name: String, dims: [UInt64], type: UInt32, offset: UInt64)] = []
  /// Overrides the counts written in the header (to lie about them).
  var tensorCountOverride: UInt64?
  var metadataCountOverride: UInt64?
  var alignment = 32
  /// The data section.
  var data: [UInt8] = []

  // MARK: value encoders

  static func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value.littleEndian) { Array($0) }
  }
  static func string(_ text: String) -> [UInt8] {
    let bytes = Array(text.utf8)
    return le(UInt64(bytes.count)) + bytes
  }
  static func float(_ value: Float) -> [UInt8] { le(value.bitPattern) }
  static func double(_ value: Double) -> [UInt8] { le(value.bitPattern) }
  static func array(type: UInt32, count: UInt64, elements: [UInt8]) -> [UInt8] {
    le(type) + le(count) + elements
  }

  mutating func add(_ key: String, type: UInt32, _ value: [UInt8]) {
    metadata.append((key, type, value))
  }

  /// Adds an F32 tensor with the given dims and values appended to the data section (aligned).
  mutating func addF32Tensor(_ name: String, dims: [UInt64], values: [Float]) {
    while data.count % alignment != 0 { data.append(0) }
    tensors.append((name, dims, TensorType.f32.rawValue, UInt64(data.count)))
    for value in values { data += Self.float(value) }
  }

  /// Adds a tensor of `type` whose stored blocks are `bytes`, appended to the data section
  /// (aligned).
  mutating func addTensor(_ name: String, dims: [UInt64], type: TensorType, bytes: [UInt8]) {
    while data.count % alignment != 0 { data.append(0) }
    tensors.append((name, dims, type.rawValue, UInt64(data.count)))
    data += bytes
  }

  /// The file's bytes.
  func bytes() -> [UInt8] {
    var out = magic
    out += Self.le(version)
    out += Self.le(tensorCountOverride ?? UInt64(tensors.count))
    out += Self.le(metadataCountOverride ?? UInt64(metadata.count))
    for entry in metadata {
      out += Self.string(entry.key) + Self.le(entry.type) + entry.value
    }
    for tensor in tensors {
      out += Self.string(tensor.name) + Self.le(UInt32(tensor.dims.count))
      for dim in tensor.dims { out += Self.le(dim) }
      out += Self.le(tensor.type) + Self.le(tensor.offset)
    }
    while out.count % alignment != 0 { out.append(0) }
    return out + data
  }

  /// Parses `bytes` as a GGUF file in memory. The copy it parses is never freed: test files
  /// are small and must outlive the `GGUFFile`, which reads them in place.
  static func parse(_ bytes: [UInt8], name: String = "test.gguf") throws -> GGUFFile {
    let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 64)
    copy.copyBytes(from: bytes)
    let view = UnsafeRawBufferPointer(rebasing: copy[0..<bytes.count])
    return try GGUFFile(mapping: MappedFile(unownedBytes: view, path: name))
  }

  /// A small well-formed file: a few metadata values of every kind and two F32 tensors.
  static func sample(alignment: Int = 32) -> GGUFBuilder {
    var builder = GGUFBuilder()
    builder.alignment = alignment
    if alignment != 32 { builder.add("general.alignment", type: 4, le(UInt32(alignment))) }
    builder.add("general.architecture", type: 8, string("llama"))
    builder.add("llama.block_count", type: 4, le(UInt32(2)))
    builder.add("test.values", type: 9, array(type: 6, count: 2, elements: float(0.5) + float(-2)))
    builder.addF32Tensor("a.weight", dims: [4, 2], values: [1, 2, 3, 4, 5, 6, 7, 8])
    builder.addF32Tensor("b.weight", dims: [3], values: [9, 10, 11])
    return builder
  }
}

