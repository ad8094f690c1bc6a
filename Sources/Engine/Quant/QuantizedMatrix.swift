/// A weight matrix `[rows, columns]` (ggml shape `[columns, rows]`) in any supported tensor
/// format, read in place from the memory-mapped model: nothing is expanded to F32 up front.
///
/// `multiply` computes `y = W x` for a batch of token activations block by block (see
/// `QuantizedMatrix+Multiply.swift`); `dequantizeRow` decodes single rows (embedding lookups,
/// tests). The matrix holds a reference to whatever owns the bytes (the `GGUFFile`), so the
/// mapping lives as long as the matrix.
public struct QuantizedMatrix: @unchecked Sendable {
  /// The tensor's name, for messages.
  public let name: String
  /// Output size (ggml `shape[1]` and beyond, multiplied).
  public let rows: Int
  /// Input size (ggml `shape[0]`).
  public let columns: Int
  /// The storage format.
  public let type: TensorType
  /// Bytes per row.
  public let rowBytes: Int

  let data: UnsafeRawBufferPointer
  let owner: AnyObject?
  let format: any BlockFormat.Type

  /// The tensor `tensor` of `file`, read in place. Throws `QuantError.unsupportedType` for
  /// formats lenscribe cannot decode.
  public init(file: GGUFFile, tensor: TensorInfo) throws {
    try self.init(
      name: tensor.name, type: tensor.type, rows: tensor.rowCount, columns: tensor.rowLength,
      data: file.data(of: tensor), owner: file)
  }

  /// A matrix over `data`, which must hold exactly `rows` rows of `columns` values in `type`'s
  /// layout and stay valid while `owner` (or the caller) keeps it alive.
  public init(
    name: String, type: TensorType, rows: Int, columns: Int, data: UnsafeRawBufferPointer,
    owner: AnyObject?
  ) throws {
    guard let format = type.blockFormat else {
      throw QuantError.unsupportedType(type: type, tensor: name)
    }
    guard rows >= 0, columns > 0, columns % type.blockSize == 0 else {
      throw QuantError.badRowLength(tensor: name, type: type, columns: columns)
    }
    let rowBytes = columns / type.blockSize * type.bytesPerBlock
    let (expected, overflow) = rows.multipliedReportingOverflow(by: rowBytes)
    guard !overflow, expected == data.count else {
      throw QuantError.badDataSize(
        tensor: name, expected: overflow ? Int.max : expected, found: data.count)
    }
    self.init(
      name: name, type: type, rows: rows, columns: columns, rowBytes: rowBytes, data: data,
      owner: owner, format: format)
  }

  /// Rows `range` as a matrix of their own over the same bytes: a fused tensor (phi3's
  /// `attn_qkv`, its gate and up in one `ffn_up`) holds several projections one after another.
  public func rows(_ range: Range<Int>, name: String) -> QuantizedMatrix {
    precondition(range.lowerBound >= 0 && range.upperBound <= rows, "rows outside '\(self.name)'")
    let start = data.baseAddress.unsafelyUnwrapped + range.lowerBound * rowBytes
    return QuantizedMatrix(
      name: name, type: type, rows: range.count, columns: columns, rowBytes: rowBytes,
      data: UnsafeRawBufferPointer(start: start, count: range.count * rowBytes), owner: owner,
      format: format)
  }

  private init(
    name: String, type: TensorType, rows: Int, columns: Int, rowBytes: Int,
    data: UnsafeRawBufferPointer, owner: AnyObject?, format: any BlockFormat.Type
  ) {
    self.name = name
    self.type = type
    self.rows = rows
    self.columns = columns
    self.rowBytes = rowBytes
    self.data = data
    self.owner = owner
    self.format = format
  }

  /// The raw bytes of row `row`.
  @inline(__always) func rowStart(_ row: Int) -> UnsafeRawPointer {
    data.baseAddress.unsafelyUnwrapped + row &* rowBytes
  }

  /// Decodes row `row` into the first `columns` elements of `out`.
  public func dequantizeRow(_ row: Int, into out: UnsafeMutableBufferPointer<Float>) {
    precondition(rows > row && row >= 0, "row \(row) is outside 0..<\(rows) of '\(name)'")
    precondition(
      out.count >= columns, "output holds \(out.count) values, '\(name)' needs \(columns)")
    format.dequantize(
      rowStart(row), blocks: columns / type.blockSize, into: out.baseAddress.unsafelyUnwrapped)
  }

  /// Row `row`, decoded.
  public func row(_ row: Int) -> [Float] {
    [Float](unsafeUninitializedCapacity: columns) { buffer, count in
      dequantizeRow(row, into: buffer)
      count = columns
    }
  }

  /// The whole matrix decoded, row after row (for tests and small tensors such as norms).
  public func dequantized() -> [Float] {
    [Float](unsafeUninitializedCapacity: rows * columns) { buffer, count in
      for row in 0..<rows {
        dequantizeRow(row, into: UnsafeMutableBufferPointer(rebasing: buffer[(row * columns)...]))
      }
      count = rows * columns
    }
  }

  /// Every element of `tensor` (any shape, e.g. a norm weight) decoded to floats in storage
  /// order. Throws `QuantError.unsupportedType` for formats lenscribe cannot decode.
  public static func dequantize(file: GGUFFile, tensor: TensorInfo) throws -> [Float] {
    try QuantizedMatrix(file: file, tensor: tensor).dequantized()
  }
}
