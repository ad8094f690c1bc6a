/// What `lenscribe inspect` reports about a GGUF file: header, metadata, tokenizer, tensor table.
///
/// Encoded as JSON with sorted keys it is deterministic: the same file gives the same bytes.
/// Arrays longer than `arrayPreview` elements are shown by type, count and their first elements.
public struct GGUFSummary: Encodable, Sendable {
  /// One metadata entry.
  public struct Entry: Encodable, Sendable {
    public let key: String
    /// GGUF's type name (`UINT32`, `STRING`, `ARRAY`...).
    public let type: String
    /// Element type of an array, nil otherwise.
    public let elementType: String?
    /// Element count of an array, nil otherwise.
    public let count: Int?
    /// The value; for long arrays only their first `arrayPreview` elements.
    public let value: GGUFValue
    /// Whether `value` holds only the first elements of a longer array.
    public let truncated: Bool
  }

  /// One tensor of the table.
  public struct Tensor: Encodable, Sendable {
    public let name: String
    /// ggml order: row length first, as `gguf` (Python) reports it.
    public let shape: [Int]
    public let type: String
    public let bytes: Int
    /// Offset of the data from the start of the file.
    public let offset: Int
  }

  /// The tokenizer the metadata describes.
  public struct Tokenizer: Encodable, Sendable {
    public let model: String?
    public let pre: String?
    public let vocabularySize: Int?
    public let mergeCount: Int?
    public let bosTokenID: Int?
    public let eosTokenID: Int?
    public let addBOS: Bool?
  }

  public static let arrayPreview = 8

  public let version: UInt32
  public let fileSize: Int
  public let alignment: Int
  public let dataOffset: Int
  public let architecture: String?
  public let name: String?
  /// Keys under `ARCH.` (context length, embedding length, block count, heads, RoPE...).
  public let hyperParameters: [Entry]
  public let tokenizer: Tokenizer
  /// Every metadata entry, sorted by key.
  public let metadata: [Entry]
  public let tensors: [Tensor]
  /// Total tensor bytes per type name.
  public let bytesByType: [String: Int]
  public let tensorCount: Int
  public let parameterCount: Int

  /// Summarises `file`.
  public init(_ file: GGUFFile) {
    let entries = file.metadata.keys.sorted().map { key in
      Self.entry(key: key, value: file.metadata[key]!)
    }
    let architecture = file.architecture
    version = file.version
    fileSize = file.fileSize
    alignment = file.alignment
    dataOffset = file.dataOffset
    self.architecture = architecture
    if case .string(let value)? = file.metadata["general.name"] { name = value } else { name = nil }
    hyperParameters = entries.filter { entry in
      architecture.map { entry.key.hasPrefix($0 + ".") } ?? false
    }
    metadata = entries
    tokenizer = Tokenizer(
      model: try? file.string("tokenizer.ggml.model"),
      pre: try? file.string("tokenizer.ggml.pre"),
      vocabularySize: (try? file.array("tokenizer.ggml.tokens"))?.count,
      mergeCount: (try? file.array("tokenizer.ggml.merges"))?.count,
      bosTokenID: try? file.int("tokenizer.ggml.bos_token_id"),
      eosTokenID: try? file.int("tokenizer.ggml.eos_token_id"),
      addBOS: try? file.bool("tokenizer.ggml.add_bos_token"))
    tensors = file.tensors.map {
      Tensor(name: $0.name, shape: $0.shape, type: $0.type.name, bytes: $0.byteCount, offset: $0.fileOffset)
    }
    bytesByType = file.tensors.reduce(into: [:]) { $0[$1.type.name, default: 0] += $1.byteCount }
    tensorCount = file.tensors.count
    parameterCount = file.tensors.reduce(0) { $0 + $1.elementCount }
  }

  private static func entry(key: String, value: GGUFValue) -> Entry {
    guard case .array(let array) = value else {
      return Entry(key: key, type: value.typeName, elementType: nil, count: nil, value: value, truncated: false)
    }
    let truncated = array.count > arrayPreview
    return Entry(
      key: key, type: value.typeName, elementType: array.elementTypeName, count: array.count,
      value: .array(truncated ? array.prefix(arrayPreview) : array), truncated: truncated)
  }
}
