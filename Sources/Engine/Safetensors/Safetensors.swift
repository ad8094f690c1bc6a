import Foundation

/// The safetensors format (Hugging Face), written and read: traces (`lenscribe trace`) and
/// tuned-lens translators are stored in it so that numpy, PyTorch and the `safetensors` package
/// read them as they are.
///
/// Layout: a UInt64 little-endian header length N; N bytes of JSON mapping each tensor name to
/// `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets relative to the byte after the
/// header) plus `__metadata__` (string to string); then the raw little-endian data. The header
/// is padded with spaces to a multiple of 8 bytes. lenscribe writes tensors sorted by name,
/// back to back, so equal tensors and metadata give equal bytes.
public enum Safetensors {
  /// Element types lenscribe writes and reads.
  public enum DType: String, Sendable, CaseIterable {
    case f32 = "F32"
    case i32 = "I32"

    /// Bytes per element.
    public var size: Int { 4 }
  }

  /// One tensor to write: name, element type, shape and its raw little-endian bytes.
  public struct Tensor: Sendable {
    public let name: String
    public let dtype: DType
    public let shape: [Int]
    public let bytes: Data

    /// A tensor from raw bytes, which must hold exactly the shape's elements.
    public init(name: String, dtype: DType, shape: [Int], bytes: Data) {
      precondition(
        bytes.count == shape.reduce(1, *) * dtype.size, "'\(name)': bytes do not fit its shape")
      self.name = name
      self.dtype = dtype
      self.shape = shape
      self.bytes = bytes
    }

    /// An F32 tensor of `values`.
    public init(name: String, shape: [Int], floats values: [Float]) {
      self.init(name: name, dtype: .f32, shape: shape, bytes: values.withUnsafeBytes { Data($0) })
    }
  }

  /// Writes `tensors` and `metadata` to `url` atomically (a temporary file beside it, renamed
  /// over it once complete).
  public static func write(_ tensors: [Tensor], metadata: [String: String], to url: URL) throws {
    let sorted = tensors.sorted { $0.name < $1.name }
    var header = "{\"__metadata__\":" + json(metadata)
    var offset = 0
    for tensor in sorted {
      let end = offset + tensor.bytes.count
      header +=
        ",\(json(tensor.name)):{\"dtype\":\"\(tensor.dtype.rawValue)\",\"shape\":["
        + tensor.shape.map(String.init).joined(separator: ",")
        + "],\"data_offsets\":[\(offset),\(end)]}"
      offset = end
    }
    header += "}"
    while header.utf8.count % 8 != 0 { header += " " }
    try AtomicFile.write(to: url) { handle in
      var length = UInt64(header.utf8.count).littleEndian
      try handle.write(contentsOf: Data(bytes: &length, count: 8))
      try handle.write(contentsOf: Data(header.utf8))
      for tensor in sorted { try handle.write(contentsOf: tensor.bytes) }
    }
  }

  /// A safetensors file read and checked: every tensor's type, shape and place in the file.
  public struct File: Sendable {
    /// Where a tensor's bytes are.
    public struct Entry: Sendable, Equatable {
      public let dtype: DType
      public let shape: [Int]
      let range: Range<Int>
    }

    /// The file read.
    public let path: String
    /// `__metadata__`.
    public let metadata: [String: String]
    /// The tensors by name.
    public let entries: [String: Entry]
    private let data: Data
    private let dataStart: Int

    /// Reads `path`, which must be a regular file; throws `SafetensorsError` for anything that
    /// is not a well-formed safetensors file (a header past the end, overlapping or
    /// out-of-file tensors, a shape that does not match its bytes, an unknown type).
    public init(path: String) throws(SafetensorsError) {
      self.path = path
      var status = stat()
      guard stat(path, &status) == 0 else {
        throw .unreadable(path: path, reason: String(cString: strerror(errno)))
      }
      guard status.st_mode & S_IFMT == S_IFREG else {
        throw .unreadable(path: path, reason: "not a regular file")
      }
      let data: Data
      do {
        data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
      } catch {
        throw .unreadable(path: path, reason: error.localizedDescription)
      }
      guard data.count >= 8 else { throw .malformed(path: path, reason: "shorter than 8 bytes") }
      let length = data.prefix(8).enumerated().reduce(UInt64(0)) {
        $0 | UInt64($1.element) << (8 * UInt64($1.offset))
      }
      guard length <= UInt64(data.count - 8), length <= 100 << 20 else {
        throw .malformed(path: path, reason: "a header of \(length) bytes in a file of \(data.count)")
      }
      let headerEnd = 8 + Int(length)
      guard
        let object = try? JSONSerialization.jsonObject(
          with: data.subdata(in: 8..<headerEnd)),
        let header = object as? [String: Any]
      else {
        throw .malformed(path: path, reason: "the header is not a JSON object")
      }
      var metadata: [String: String] = [:]
      var entries: [String: Entry] = [:]
      let available = data.count - headerEnd
      for (name, value) in header {
        if name == "__metadata__" {
          guard let strings = value as? [String: String] else {
            throw .malformed(path: path, reason: "__metadata__ is not a map of strings")
          }
          metadata = strings
          continue
        }
        entries[name] = try Self.entry(name, value, available: available, path: path)
      }
      let ranges = entries.values.map(\.range).filter { !$0.isEmpty }.sorted {
        $0.lowerBound < $1.lowerBound
      }
      for (a, b) in zip(ranges, ranges.dropFirst()) where a.upperBound > b.lowerBound {
        throw .malformed(path: path, reason: "two tensors overlap")
      }
      self.metadata = metadata
      self.entries = entries
      self.data = data
      dataStart = headerEnd
    }

    private static func entry(_ name: String, _ value: Any, available: Int, path: String)
      throws(SafetensorsError) -> Entry
    {
      guard let fields = value as? [String: Any],
        let typeName = fields["dtype"] as? String,
        let shapeValues = fields["shape"] as? [NSNumber],
        let offsetValues = fields["data_offsets"] as? [NSNumber], offsetValues.count == 2
      else {
        throw .malformed(path: path, reason: "tensor '\(name)' lacks dtype, shape or offsets")
      }
      guard let dtype = DType(rawValue: typeName) else {
        throw .malformed(path: path, reason: "tensor '\(name)' has type \(typeName), not F32 or I32")
      }
      let shape = shapeValues.map(\.intValue)
      let (begin, end) = (offsetValues[0].intValue, offsetValues[1].intValue)
      var count = 1
      for dimension in shape {
        let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
        guard dimension >= 0, !overflow else {
          throw .malformed(path: path, reason: "tensor '\(name)' has shape \(shape)")
        }
        count = product
      }
      guard 0 <= begin, begin <= end, end <= available, end - begin == count * dtype.size else {
        throw .malformed(
          path: path,
          reason: "tensor '\(name)' of shape \(shape) does not fit bytes \(begin)..<\(end) of \(available)")
      }
      return Entry(dtype: dtype, shape: shape, range: begin..<end)
    }

    /// The F32 tensor `name`, which must have `shape`.
    public func floats(_ name: String, shape: [Int]) throws(SafetensorsError) -> [Float] {
      guard let entry = entries[name] else { throw .missingTensor(path: path, name: name) }
      guard entry.dtype == .f32, entry.shape == shape else {
        throw .wrongShape(
          path: path, name: name, expected: "F32 \(shape)",
          found: "\(entry.dtype.rawValue) \(entry.shape)")
      }
      let start = dataStart + entry.range.lowerBound
      let count = entry.range.count / 4
      return [Float](unsafeUninitializedCapacity: count) { buffer, initialised in
        data.withUnsafeBytes { raw in
          for i in 0..<count {
            buffer[i] = Float(
              bitPattern: UInt32(
                littleEndian: raw.loadUnaligned(fromByteOffset: start + 4 * i, as: UInt32.self)))
          }
        }
        initialised = count
      }
    }
  }

  private static func json(_ value: some Encodable) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
  }
}

/// Why a safetensors file could not be read.
public enum SafetensorsError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The file cannot be opened, or is not a regular file.
  case unreadable(path: String, reason: String)
  /// The bytes are not a well-formed safetensors file.
  case malformed(path: String, reason: String)
  /// A tensor the reader needs is not in the file.
  case missingTensor(path: String, name: String)
  /// A tensor has another type or shape than the reader needs.
  case wrongShape(path: String, name: String, expected: String, found: String)

  public var description: String {
    switch self {
    case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
    case .malformed(let path, let reason): "\(path) is not a valid safetensors file: \(reason)"
    case .missingTensor(let path, let name): "\(path) has no tensor '\(name)'"
    case .wrongShape(let path, let name, let expected, let found):
      "\(path): tensor '\(name)' is \(found), expected \(expected)"
    }
  }
}
