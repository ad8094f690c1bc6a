/// Decodes a lens block's options (`LensValue`s from YAML) into a `LensOptions` type, with
/// messages that name the option, what it must be, and what the block wrote.
///
/// The allowed option names are the keys the type asks for when decoded from no options at
/// all (every field is optional), so they cannot drift from the fields. A scalar where a list
/// is expected reads as a list of one (`gaps: 5` is `gaps: [5]`).
enum LensOptionsDecoder {
  /// `options` decoded as `T`; `bos` is left out (every analysis shares it, see `LensInput`).
  static func decode<T: LensOptions>(
    _ type: T.Type, from options: [String: LensValue], analysis: String
  ) throws(LensOptionError) -> T {
    let allowed = try names(of: type)
    for key in options.keys.sorted() where key != "bos" && !allowed.contains(key) {
      throw LensOptionError(
        key: key,
        "unknown option '\(key)' for \(analysis) (allowed: "
          + (allowed + ["bos"]).sorted().joined(separator: ", ") + ")")
    }
    var values = options
    values["bos"] = nil
    let decoded: T
    do {
      decoded = try T(from: ValueDecoder(value: .map(values), path: [], asked: nil))
    } catch let error as LensOptionError {
      throw error
    } catch {
      throw LensOptionError("the options of this \(analysis) block could not be read: \(error)")
    }
    try decoded.check()
    return decoded
  }

  /// The option names `T` reads.
  static func names<T: Decodable>(of type: T.Type) throws(LensOptionError) -> Set<String> {
    let asked = AskedKeys()
    do {
      _ = try T(from: ValueDecoder(value: .map([:]), path: [], asked: asked))
    } catch {
      // A field that is not optional: a bug in the options type, not in the block.
      throw LensOptionError("\(T.self) has a field that is not optional (a bug in lenscribe)")
    }
    return asked.keys
  }

  /// The keys the top level was asked for.
  final class AskedKeys {
    var keys: Set<String> = []
  }

  /// What a value of `type` is called in a message ("a whole number").
  static func what(_ type: Any.Type) -> (one: String, many: String) {
    switch type {
    case is Bool.Type: ("true or false", "true or false values")
    case is String.Type: ("text", "texts")
    case is Double.Type, is Float.Type: ("a number", "numbers")
    case is any BinaryInteger.Type: ("a whole number", "whole numbers")
    default: ("a valid value", "valid values")
    }
  }

  /// A `Decoder` over one `LensValue`.
  struct ValueDecoder: Decoder {
    let value: LensValue
    /// The option (first) and list positions above this value.
    let path: [String]
    /// Set at the top level while finding the allowed names.
    let asked: AskedKeys?
    var codingPath: [any CodingKey] { path.map { NameKey(stringValue: $0) } }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// The option this value belongs to.
    var option: String { path.first ?? "options" }
    /// Whether the value is an item of a list option.
    var inList: Bool { path.count > 1 }

    /// The error for a value that is not `expected`.
    func mismatch(_ expected: Any.Type) -> LensOptionError {
      let names = LensOptionsDecoder.what(expected)
      return LensOptionError(key: option, "\(option) must be \(names.one), not \(value.shown)")
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
      guard case .map(let fields) = value else {
        throw LensOptionError(key: option, "\(option) must be a mapping, not \(value.shown)")
      }
      return KeyedDecodingContainer(Keyed<Key>(decoder: self, fields: fields))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
      if case .list(let items) = value { return Unkeyed(decoder: self, items: items) }
      return Unkeyed(decoder: self, items: [value])
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(decoder: self) }

    /// The value as `T`: scalars checked here, everything else through its own `Decodable`.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
      if T.self == LensValue.self { return value as! T }
      if let choice = T.self as? any LensChoice.Type {
        guard case .string(let word) = value, choice.choices.contains(word) else {
          throw LensOptionError(
            key: option,
            "\(option) must be one of " + choice.choices.joined(separator: ", ") + ", not \(value.shown)")
        }
      }
      if let scalar = try scalar(T.self) { return scalar }
      return try T(from: self)
    }

    /// The value as a number, text or flag when `T` is one; nil for other types.
    private func scalar<T>(_ type: T.Type) throws -> T? {
      let result: Any?
      switch T.self {
      case is Bool.Type:
        if case .bool(let flag) = value { result = flag } else { result = nil }
      case is String.Type:
        if case .string(let text) = value { result = text } else { result = nil }
      case let integer as any FixedWidthInteger.Type:
        if case .int(let number) = value { result = integer.init(exactly: number) } else {
          result = nil
        }
      case let real as any BinaryFloatingPoint.Type:
        switch value {
        case .int(let number): result = real.init(Double(number))
        case .double(let number): result = real.init(number)
        default: result = nil
        }
      default:
        return nil
      }
      guard let result else {
        guard inList else { throw mismatch(T.self) }
        throw LensOptionError(
          key: option,
          "\(option) must be a list of \(LensOptionsDecoder.what(T.self).many), not \(value.shown)")
      }
      return (result as! T)
    }
  }

  /// A coding key made from an option name or a list position.
  struct NameKey: CodingKey {
    let stringValue: String
    init(stringValue: String) { self.stringValue = stringValue }
    var intValue: Int? { Int(stringValue) }
    init(intValue: Int) { stringValue = String(intValue) }
  }

  struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: ValueDecoder
    let fields: [String: LensValue]
    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { fields.keys.sorted().compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool {
      note(key)
      return fields[key.stringValue] != nil
    }

    func note(_ key: Key) {
      if decoder.path.isEmpty { decoder.asked?.keys.insert(key.stringValue) }
    }

    func decodeNil(forKey key: Key) throws -> Bool {
      note(key)
      guard let value = fields[key.stringValue] else { return true }
      return value == .null
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
      note(key)
      guard let value = fields[key.stringValue] else {
        throw LensOptionError(key: key.stringValue, "\(key.stringValue) is missing")
      }
      return try ValueDecoder(
        value: value, path: decoder.path + [key.stringValue], asked: nil
      ).decode(type)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
      note(key)
      guard let value = fields[key.stringValue], value != .null else { return nil }
      return try ValueDecoder(
        value: value, path: decoder.path + [key.stringValue], asked: nil
      ).decode(type)
    }

    func nestedContainer<NestedKey: CodingKey>(
      keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
      note(key)
      return try ValueDecoder(
        value: fields[key.stringValue] ?? .null, path: decoder.path + [key.stringValue],
        asked: nil
      ).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
      note(key)
      return try ValueDecoder(
        value: fields[key.stringValue] ?? .null, path: decoder.path + [key.stringValue],
        asked: nil
      ).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { decoder }
    func superDecoder(forKey key: Key) throws -> any Decoder { decoder }
  }

  struct Unkeyed: UnkeyedDecodingContainer {
    let decoder: ValueDecoder
    let items: [LensValue]
    var currentIndex = 0
    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    init(decoder: ValueDecoder, items: [LensValue]) {
      self.decoder = decoder
      self.items = items
    }

    mutating func next() throws -> ValueDecoder {
      guard !isAtEnd else {
        throw LensOptionError(key: decoder.option, "\(decoder.option) has too few items")
      }
      defer { currentIndex += 1 }
      return ValueDecoder(
        value: items[currentIndex], path: decoder.path + [String(currentIndex)], asked: nil)
    }

    mutating func decodeNil() throws -> Bool {
      guard !isAtEnd, items[currentIndex] == .null else { return false }
      currentIndex += 1
      return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decode(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
      -> KeyedDecodingContainer<NestedKey>
    {
      try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
      try next().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { try next() }
  }

  struct Single: SingleValueDecodingContainer {
    let decoder: ValueDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    func decodeNil() -> Bool { decoder.value == .null }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decode(type) }
  }
}

// The containers' one-type requirements, all through the generic `decode`.
extension LensOptionsDecoder.Keyed {
  func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try generic(type, key) }
  func decode(_ type: String.Type, forKey key: Key) throws -> String { try generic(type, key) }
  func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try generic(type, key) }
  func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try generic(type, key) }
  func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try generic(type, key) }
  func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try generic(type, key) }
  func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try generic(type, key) }
  func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try generic(type, key) }
  func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try generic(type, key) }
  func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try generic(type, key) }
  func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try generic(type, key) }
  func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try generic(type, key) }
  func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try generic(type, key) }
  func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try generic(type, key) }
  private func generic<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
    try decode(type as T.Type, forKey: key) as T
  }
}

extension LensOptionsDecoder.Unkeyed {
  mutating func decode(_ type: Bool.Type) throws -> Bool { try next().decode(type) }
  mutating func decode(_ type: String.Type) throws -> String { try next().decode(type) }
  mutating func decode(_ type: Double.Type) throws -> Double { try next().decode(type) }
  mutating func decode(_ type: Float.Type) throws -> Float { try next().decode(type) }
  mutating func decode(_ type: Int.Type) throws -> Int { try next().decode(type) }
  mutating func decode(_ type: Int8.Type) throws -> Int8 { try next().decode(type) }
  mutating func decode(_ type: Int16.Type) throws -> Int16 { try next().decode(type) }
  mutating func decode(_ type: Int32.Type) throws -> Int32 { try next().decode(type) }
  mutating func decode(_ type: Int64.Type) throws -> Int64 { try next().decode(type) }
  mutating func decode(_ type: UInt.Type) throws -> UInt { try next().decode(type) }
  mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next().decode(type) }
  mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next().decode(type) }
  mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next().decode(type) }
  mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next().decode(type) }
}

extension LensOptionsDecoder.Single {
  func decode(_ type: Bool.Type) throws -> Bool { try decoder.decode(type) }
  func decode(_ type: String.Type) throws -> String { try decoder.decode(type) }
  func decode(_ type: Double.Type) throws -> Double { try decoder.decode(type) }
  func decode(_ type: Float.Type) throws -> Float { try decoder.decode(type) }
  func decode(_ type: Int.Type) throws -> Int { try decoder.decode(type) }
  func decode(_ type: Int8.Type) throws -> Int8 { try decoder.decode(type) }
  func decode(_ type: Int16.Type) throws -> Int16 { try decoder.decode(type) }
  func decode(_ type: Int32.Type) throws -> Int32 { try decoder.decode(type) }
  func decode(_ type: Int64.Type) throws -> Int64 { try decoder.decode(type) }
  func decode(_ type: UInt.Type) throws -> UInt { try decoder.decode(type) }
  func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.decode(type) }
  func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.decode(type) }
  func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.decode(type) }
  func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.decode(type) }
}
