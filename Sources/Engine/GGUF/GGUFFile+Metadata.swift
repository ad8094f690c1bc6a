/// Typed access to metadata, with errors that name the key.
extension GGUFFile {
  /// The model's architecture (`general.architecture`), e.g. `llama` or `gemma3`.
  public var architecture: String? {
    if case .string(let value)? = metadata["general.architecture"] { return value }
    return nil
  }

  /// The string at `key`.
  public func string(_ key: String) throws -> String {
    switch try required(key) {
    case .string(let value): return value
    case let other: throw mismatch(key, "a string", other)
    }
  }

  /// The integer at `key` (any integer type).
  public func int(_ key: String) throws -> Int {
    let value = try required(key)
    guard let number = value.intValue else { throw mismatch(key, "an integer", value) }
    return number
  }

  /// The number at `key` as `Float` (any numeric type).
  public func float(_ key: String) throws -> Float {
    let value = try required(key)
    guard let number = value.doubleValue else { throw mismatch(key, "a number", value) }
    return Float(number)
  }

  /// The boolean at `key`.
  public func bool(_ key: String) throws -> Bool {
    switch try required(key) {
    case .bool(let value): return value
    case let other: throw mismatch(key, "a boolean", other)
    }
  }

  /// The array at `key`.
  public func array(_ key: String) throws -> GGUFArray {
    switch try required(key) {
    case .array(let value): return value
    case let other: throw mismatch(key, "an array", other)
    }
  }

  /// The array of strings at `key`.
  public func stringArray(_ key: String) throws -> [String] {
    let value = try array(key)
    guard case .string(let strings) = value else {
      throw GGUFError.wrongValueType(
        file: path, key: key, expected: "an array of strings",
        found: "an array of \(value.elementTypeName)")
    }
    return strings
  }

  /// The array of numbers at `key`, as `Float`.
  public func floatArray(_ key: String) throws -> [Float] {
    let value = try array(key)
    guard let floats = value.floatValues else {
      throw GGUFError.wrongValueType(
        file: path, key: key, expected: "an array of numbers",
        found: "an array of \(value.elementTypeName)")
    }
    return floats
  }

  /// The array of integers at `key`, as `Int`.
  public func intArray(_ key: String) throws -> [Int] {
    let value = try array(key)
    guard let ints = value.intValues else {
      throw GGUFError.wrongValueType(
        file: path, key: key, expected: "an array of integers",
        found: "an array of \(value.elementTypeName)")
    }
    return ints
  }

  private func required(_ key: String) throws -> GGUFValue {
    guard let value = metadata[key] else { throw GGUFError.missingKey(file: path, key: key) }
    return value
  }

  private func mismatch(_ key: String, _ expected: String, _ found: GGUFValue) -> GGUFError {
    GGUFError.wrongValueType(file: path, key: key, expected: expected, found: found.typeName)
  }
}
