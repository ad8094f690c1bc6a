/// A parsed, memory-mapped GGUF model file: metadata, tensor table and tensor data in place.
///
/// Layout (GGUF v2/v3, little-endian): magic `GGUF`, UInt32 version, UInt64 tensor count,
/// UInt64 metadata count; the metadata entries (string key, UInt32 type, value); the tensor
/// table (string name, UInt32 dimension count, UInt64 dimensions, UInt32 type, UInt64 offset);
/// padding to `general.alignment` (default 32); the data section, which tensor offsets index.
public final class GGUFFile: Sendable {
  /// The path the file was opened with.
  public let path: String
  /// GGUF version (2 or 3).
  public let version: UInt32
  /// Metadata values by key.
  public let metadata: [String: GGUFValue]
  /// Metadata keys in file order.
  public let metadataKeys: [String]
  /// Tensor table in file order.
  public let tensors: [TensorInfo]
  /// Data alignment in bytes (`general.alignment`, default 32).
  public let alignment: Int
  /// Byte offset of the data section.
  public let dataOffset: Int
  /// Size of the file in bytes.
  public var fileSize: Int { mapping.bytes.count }

  private let mapping: MappedFile
  private let tensorIndex: [String: Int]

  /// Maps and parses the file at `path`. Throws `GGUFError` for anything malformed; never reads
  /// outside the file.
  public convenience init(path: String) throws {
    try self.init(mapping: MappedFile(path: path))
  }

  /// Parses an already mapped file.
  public init(mapping: MappedFile) throws {
    let file = mapping.path
    var reader = GGUFByteReader(bytes: mapping.bytes, file: file)
    try reader.require(4, "the magic \"GGUF\"")
    let magic = Array(mapping.bytes[0..<4])
    guard magic == Array("GGUF".utf8) else {
      let shown = magic.map { (0x20..<0x7f).contains($0) ? String(UnicodeScalar($0)) : "." }
      throw GGUFError.badMagic(file: file, found: "\"" + shown.joined() + "\"")
    }
    reader.skip(to: 4)
    let version = try reader.read(UInt32.self, "the GGUF version")
    guard version == 2 || version == 3 else {
      throw GGUFError.unsupportedVersion(file: file, version: version)
    }
    let tensorCountOffset = reader.offset
    let rawTensorCount = try reader.read(UInt64.self, "the tensor count")
    let metadataCountOffset = reader.offset
    let rawMetadataCount = try reader.read(UInt64.self, "the metadata count")
    // A metadata entry takes at least 8 (key length) + 4 (type) + 1 bytes; a tensor entry
    // 8 + 4 + 4 + 8 bytes.
    let metadataCount = try reader.requireElements(
      rawMetadataCount, minimumSize: 13, at: metadataCountOffset, "metadata count")
    _ = try reader.requireElements(
      rawTensorCount, minimumSize: 24, at: tensorCountOffset, "tensor count")

    var metadata: [String: GGUFValue] = [:]
    var keys: [String] = []
    keys.reserveCapacity(metadataCount)
    for index in 0..<metadataCount {
      let keyOffset = reader.offset
      let key = try reader.readString("metadata key #\(index)")
      let type = try reader.readValueType()
      let value = try reader.readValue(type, key: key)
      guard metadata.updateValue(value, forKey: key) == nil else {
        throw GGUFError.duplicateKey(file: file, offset: keyOffset, key: key)
      }
      keys.append(key)
    }

    var alignment = 32
    if let value = metadata["general.alignment"] {
      guard let raw = value.intValue, raw > 0, raw & (raw - 1) == 0 else {
        throw GGUFError.badAlignment(
          file: file, value: value.intValue.map { UInt64(truncatingIfNeeded: $0) } ?? 0)
      }
      alignment = raw
    }

    let tensorCount = try reader.requireElements(
      rawTensorCount, minimumSize: 24, at: tensorCountOffset, "tensor count")
    var entries: [(name: String, shape: [Int], type: TensorType, offset: UInt64)] = []
    entries.reserveCapacity(tensorCount)
    var index: [String: Int] = [:]
    for number in 0..<tensorCount {
      let entry = try Self.readTensorEntry(&reader, number: number, file: file)
      guard index.updateValue(entries.count, forKey: entry.name) == nil else {
        throw GGUFError.duplicateTensor(file: file, name: entry.name)
      }
      entries.append(entry)
    }

    let (padded, overflow) = reader.offset.addingReportingOverflow(alignment - 1)
    precondition(!overflow, "offsets are bounded by the file size")
    let dataOffset = padded / alignment * alignment
    let fileSize = mapping.bytes.count
    var tensors: [TensorInfo] = []
    tensors.reserveCapacity(entries.count)
    for entry in entries {
      tensors.append(
        try Self.place(entry, dataOffset: dataOffset, alignment: alignment, fileSize: fileSize,
          file: file))
    }

    self.path = file
    self.version = version
    self.metadata = metadata
    self.metadataKeys = keys
    self.tensors = tensors
    self.alignment = alignment
    self.dataOffset = dataOffset
    self.mapping = mapping
    self.tensorIndex = index
  }

  /// The tensor named `name`, or `GGUFError.missingTensor`.
  public func tensor(named name: String) throws -> TensorInfo {
    guard let position = tensorIndex[name] else {
      throw GGUFError.missingTensor(file: path, name: name)
    }
    return tensors[position]
  }

  /// The tensor named `name`, or nil.
  public func tensorIfPresent(named name: String) -> TensorInfo? {
    tensorIndex[name].map { tensors[$0] }
  }

  /// The raw bytes of a tensor of this file, in place in the mapping.
  public func data(of tensor: TensorInfo) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(
      rebasing: mapping.bytes[tensor.fileOffset..<(tensor.fileOffset + tensor.byteCount)])
  }

  /// The whole mapped file.
  public var bytes: UnsafeRawBufferPointer { mapping.bytes }

  private static func readTensorEntry(_ reader: inout GGUFByteReader, number: Int, file: String)
    throws -> (name: String, shape: [Int], type: TensorType, offset: UInt64)
  {
    let name = try reader.readString("the name of tensor #\(number)")
    let dimensionCount = try reader.read(UInt32.self, "the dimension count of '\(name)'")
    guard (1...4).contains(dimensionCount) else {
      throw GGUFError.badShape(
        file: file, tensor: name,
        problem: "\(dimensionCount) dimensions at byte \(reader.offset - 4) (ggml allows 1 to 4)")
    }
    var shape: [Int] = []
    var elements: UInt64 = 1
    for _ in 0..<dimensionCount {
      let dimensionOffset = reader.offset
      let dimension = try reader.read(UInt64.self, "a dimension of '\(name)'")
      let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
      guard dimension > 0, !overflow, product <= UInt64(Int.max) else {
        throw GGUFError.badShape(
          file: file, tensor: name,
          problem: "dimension \(dimension) at byte \(dimensionOffset) is zero or overflows")
      }
      elements = product
      shape.append(Int(dimension))
    }
    let rawType = try reader.read(UInt32.self, "the type of '\(name)'")
    guard let type = TensorType(rawValue: rawType) else {
      throw GGUFError.unknownTensorType(file: file, tensor: name, type: rawType)
    }
    guard shape[0] % type.blockSize == 0 else {
      throw GGUFError.badShape(
        file: file, tensor: name,
        problem: "row length \(shape[0]) is not a multiple of \(type.name)'s block of "
          + "\(type.blockSize)")
    }
    let offset = try reader.read(UInt64.self, "the data offset of '\(name)'")
    return (name, shape, type, offset)
  }

  private static func place(
    _ entry: (name: String, shape: [Int], type: TensorType, offset: UInt64),
    dataOffset: Int, alignment: Int, fileSize: Int, file: String
  ) throws -> TensorInfo {
    let elements = entry.shape.reduce(1, *)
    guard let byteCount = entry.type.byteCount(elements: elements) else {
      throw GGUFError.badShape(
        file: file, tensor: entry.name, problem: "size of \(elements) elements overflows")
    }
    guard entry.offset % UInt64(alignment) == 0 else {
      throw GGUFError.badTensorOffset(
        file: file, tensor: entry.name,
        problem: "data offset \(entry.offset) is not a multiple of the alignment \(alignment)")
    }
    let available = UInt64(max(0, fileSize - dataOffset))
    guard entry.offset <= available, UInt64(byteCount) <= available - entry.offset else {
      throw GGUFError.badTensorOffset(
        file: file, tensor: entry.name,
        problem: "data at offset \(entry.offset) of the data section (\(byteCount) bytes) lies "
          + "outside its \(available) bytes (the file is truncated or corrupt)")
    }
    return TensorInfo(
      name: entry.name, shape: entry.shape, type: entry.type,
      fileOffset: dataOffset + Int(entry.offset), byteCount: byteCount)
  }
}
