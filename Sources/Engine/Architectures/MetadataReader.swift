/// Reads an architecture's hyper-parameters (`<architecture>.<key>`) from a GGUF file, with
/// errors that name the key and its problem.
struct MetadataReader: Sendable {
  let file: GGUFFile
  /// The key prefix: the architecture's name.
  let prefix: String

  /// The value of `prefix.key`, if the file has it.
  func value(_ key: String) -> GGUFValue? { file.metadata["\(prefix).\(key)"] }

  /// A required size in 1..<2^24.
  func size(_ key: String) throws -> Int {
    let value = try file.int("\(prefix).\(key)")
    guard value > 0, value < 1 << 24 else {
      throw problem(key, "is \(value), expected a positive size")
    }
    return value
  }

  /// An optional size in 1..<2^24, or `fallback` when the file does not have it.
  func size(_ key: String, default fallback: Int) throws -> Int {
    value(key) == nil ? fallback : try size(key)
  }

  /// A required number.
  func number(_ key: String) throws -> Float { try file.float("\(prefix).\(key)") }

  /// An optional number, or `fallback` when the file does not have it.
  func number(_ key: String, default fallback: Float) throws -> Float {
    value(key) == nil ? fallback : try number(key)
  }

  /// An optional string, or `fallback` when the file does not have it.
  func string(_ key: String, default fallback: String) throws -> String {
    value(key) == nil ? fallback : try file.string("\(prefix).\(key)")
  }

  /// The error for a key whose value lenscribe cannot use.
  func problem(_ key: String, _ problem: String) -> ArchitectureError {
    .badHyperParameter(file: file.path, key: "\(prefix).\(key)", problem: problem)
  }

  /// The error for a key lenscribe knows but whose value it does not apply.
  func unsupported(_ key: String, _ what: String) -> ArchitectureError {
    .unsupportedKey(file: file.path, key: "\(prefix).\(key)", architecture: prefix, problem: what)
  }
}
