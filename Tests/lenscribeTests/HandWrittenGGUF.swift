import Foundation

/// A small GGUF v3 file written byte by byte (this target links only `Engine`, which reads
/// GGUF but does not write it): string metadata and one-element F32 tensors, so a test can give
/// the command line any names, hostile ones included.
struct HandWrittenGGUF {
  /// Metadata entries, all strings, in order.
  var strings: [(key: String, value: String)] = [("general.architecture", "llama")]
  /// Names of one-element F32 tensors, in order (a name may repeat).
  var tensors: [String] = []

  /// The file's bytes.
  var bytes: [UInt8] {
    var out = Array("GGUF".utf8) + Self.le(UInt32(3))
    out += Self.le(UInt64(tensors.count)) + Self.le(UInt64(strings.count))
    for (key, value) in strings {
      out += Self.string(key) + Self.le(UInt32(8)) + Self.string(value)  // type 8: string
    }
    for (index, name) in tensors.enumerated() {
      // One dimension of 1, type 0 (F32), each tensor 32 bytes after the previous one.
      out += Self.string(name) + Self.le(UInt32(1)) + Self.le(UInt64(1))
      out += Self.le(UInt32(0)) + Self.le(UInt64(32 * index))
    }
    while out.count % 32 != 0 { out.append(0) }
    for _ in tensors { out += Self.le(Float(1).bitPattern) + Array(repeating: 0, count: 28) }
    return out
  }

  /// Writes the file into `folder` as `name`, returning its path.
  func write(in folder: URL, name: String = "model.gguf") throws -> String {
    let url = folder.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
  }

  static func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value.littleEndian) { Array($0) }
  }

  static func string(_ text: String) -> [UInt8] {
    le(UInt64(text.utf8.count)) + Array(text.utf8)
  }
}
