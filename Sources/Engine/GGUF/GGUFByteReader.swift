/// A bounds-checked little-endian cursor over the bytes of a GGUF file.
///
/// Every read checks the remaining length first and throws `GGUFError.truncated` or
/// `GGUFError.implausibleSize` naming the byte offset, so a hostile file can never make the
/// parser read outside the mapping or allocate more than the file could describe.
struct GGUFByteReader {
  let bytes: UnsafeRawBufferPointer
  let file: String
  private(set) var offset: Int = 0

  init(bytes: UnsafeRawBufferPointer, file: String) {
    self.bytes = bytes
    self.file = file
  }

  var remaining: Int { bytes.count - offset }

  mutating func require(_ count: Int, _ what: @autoclosure () -> String) throws {
    guard count <= remaining else {
      throw GGUFError.truncated(file: file, offset: offset, expected: what())
    }
  }

  mutating func read<T: FixedWidthInteger>(_: T.Type, _ what: @autoclosure () -> String) throws -> T {
    try require(MemoryLayout<T>.size, what())
    let value = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
    offset += MemoryLayout<T>.size
    return T(littleEndian: value)
  }

  mutating func readFloat(_ what: @autoclosure () -> String) throws -> Float {
    Float(bitPattern: try read(UInt32.self, what()))
  }

  mutating func readDouble(_ what: @autoclosure () -> String) throws -> Double {
    Double(bitPattern: try read(UInt64.self, what()))
  }

  mutating func readBool(_ what: @autoclosure () -> String) throws -> Bool {
    try read(UInt8.self, what()) != 0
  }

  /// A GGUF string: a UInt64 byte length, then UTF-8 bytes (invalid sequences are repaired to
  /// U+FFFD rather than rejected, as llama.cpp keeps them as opaque bytes).
  mutating func readString(_ what: @autoclosure () -> String) throws -> String {
    let start = offset
    let length = try read(UInt64.self, "the length of \(what())")
    guard length <= UInt64(remaining) else {
      throw GGUFError.implausibleSize(
        file: file, offset: start, what: "length of \(what())", value: length)
    }
    let count = Int(length)
    let slice = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
    offset += count
    return String(validating: slice, as: UTF8.self) ?? Self.repairedString(slice)
  }

  /// Decodes invalid UTF-8 with each maximal invalid sequence replaced by U+FFFD (the
  /// standard library's repairing initialiser does the same, but throws internally, which
  /// makes hostile-file tests crawl under a test runner that records every throw).
  static func repairedString(_ bytes: UnsafeRawBufferPointer) -> String {
    var scalars = String.UnicodeScalarView()
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar): scalars.append(scalar)
      case .error: scalars.append("\u{FFFD}")
      case .emptyInput: return String(scalars)
      }
    }
  }

  /// Checks that `count` elements of at least `minimumSize` bytes each can still fit in the
  /// file, before anything is allocated for them.
  mutating func requireElements(_ count: UInt64, minimumSize: Int, at start: Int, _ what: String)
    throws -> Int
  {
    let (bytes, overflow) = count.multipliedReportingOverflow(by: UInt64(minimumSize))
    guard !overflow, bytes <= UInt64(remaining) else {
      throw GGUFError.implausibleSize(file: file, offset: start, what: what, value: count)
    }
    return Int(count)
  }

  mutating func skip(to newOffset: Int) {
    offset = min(newOffset, bytes.count)
  }
}
