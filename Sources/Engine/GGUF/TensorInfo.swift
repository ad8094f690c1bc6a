/// One tensor's entry in a GGUF file's tensor table.
public struct TensorInfo: Sendable, Equatable {
  /// The tensor's name (`blk.0.attn_q.weight`).
  public let name: String
  /// Dimensions in ggml order: `shape[0]` is the row length (fastest-varying), as `gguf`
  /// (Python) and llama.cpp report them. A weight matrix `[out, in]` has shape `[in, out]`.
  public let shape: [Int]
  /// The element format.
  public let type: TensorType
  /// Byte offset of the data from the start of the file (already includes the data section).
  public let fileOffset: Int
  /// Bytes of data.
  public let byteCount: Int

  /// Number of elements.
  public var elementCount: Int { shape.reduce(1, *) }
  /// Elements per row (`shape[0]`).
  public var rowLength: Int { shape.first ?? 1 }
  /// Number of rows: the product of every dimension but the first.
  public var rowCount: Int { shape.dropFirst().reduce(1, *) }
}
