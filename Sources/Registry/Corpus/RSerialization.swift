import Foundation

/// An R object, as far as a lazy-load database of data sets needs one: vectors, lists,
/// pairlists and symbols, with their attributes.
struct RObject: Equatable, Sendable {
  /// The object's type and contents.
  enum Value: Equatable, Sendable {
    /// `NULL`.
    case null
    /// A symbol (a name).
    case symbol(String)
    /// A logical vector: 0, 1, or `Int32.min` for NA, as R stores them.
    case logical([Int32])
    /// An integer vector (`Int32.min` is NA).
    case integer([Int32])
    /// A double vector.
    case real([Double])
    /// A character vector; nil elements are NA.
    case strings([String?])
    /// A generic vector (`list()`).
    case list([RObject])
    /// A pairlist: attribute lists and the like.
    case pairlist([Node])
  }

  /// One cell of a pairlist: its tag (a symbol's name) and value.
  struct Node: Equatable, Sendable {
    var tag: String?
    var value: RObject
  }

  var value: Value
  /// The attributes, in the order R wrote them.
  var attributes: [Node] = []

  /// The attribute named `name`.
  func attribute(_ name: String) -> RObject? {
    attributes.first { $0.tag == name }?.value
  }

  /// The `names` attribute, when it is a character vector.
  var names: [String?]? {
    guard case .strings(let names)? = attribute("names")?.value else { return nil }
    return names
  }

  /// The element named `name` of a named list.
  func element(_ name: String) -> RObject? {
    guard case .list(let items) = value, let names, names.count == items.count,
      let index = names.firstIndex(of: name)
    else { return nil }
    return items[index]
  }
}

/// Reads one R serialization in XDR form (`serialize(x, NULL)`, format "X\n", versions 2
/// and 3) into an `RObject`.
///
/// Made for bytes that may be hostile: every length is checked against the bytes left before
/// anything is allocated for it (an element takes at least its smallest encoding), nesting is
/// bounded, pairlists are read in a loop rather than by recursion down their tails, references
/// must point back to a symbol already read, and types outside the subset above are refused
/// by name. Anything wrong throws `CorpusError.malformedDatabase`.
struct RSerializationReader {
  /// The deepest nesting accepted; data sets nest a handful of levels.
  static let depthLimit = 64

  private let bytes: [UInt8]
  private var at = 0
  /// The symbols read so far, which reference items (REFSXP) point back to, 1-based.
  private var references: [RObject] = []
  /// The writer's native encoding (version 3), for strings flagged with none.
  private var nativeEncoding = "UTF-8"

  private init(_ bytes: [UInt8]) {
    self.bytes = bytes
  }

  /// The object serialized in `bytes`, which must hold exactly one serialization.
  static func read(_ bytes: [UInt8]) throws(CorpusError) -> RObject {
    var reader = RSerializationReader(bytes)
    try reader.readHeader()
    let object = try reader.readItem(depth: 0)
    guard reader.at == bytes.count else {
      throw .malformedDatabase("\(bytes.count - reader.at) bytes follow the serialized object")
    }
    return object
  }

  // SEXP types (R's Rinternals.h) and the special items of serialize.c.
  private enum Kind {
    static let symbol: UInt32 = 1
    static let pairlist: UInt32 = 2
    static let character: UInt32 = 9
    static let logical: UInt32 = 10
    static let integer: UInt32 = 13
    static let real: UInt32 = 14
    static let strings: UInt32 = 16
    static let list: UInt32 = 19
    static let expressions: UInt32 = 20
    static let reference: UInt32 = 255
    static let null: UInt32 = 254
  }

  // Encoding bits of a CHARSXP, in the levels (the flags' upper 20 bits).
  private static let bytesMask: UInt32 = 1 << 1
  private static let latin1Mask: UInt32 = 1 << 2
  private static let utf8Mask: UInt32 = 1 << 3
  private static let asciiMask: UInt32 = 1 << 6

  private var remaining: Int { bytes.count - at }

  private mutating func readHeader() throws(CorpusError) {
    guard bytes.count >= 2, bytes[0] == UInt8(ascii: "X"), bytes[1] == UInt8(ascii: "\n") else {
      let start = bytes.prefix(2).map { String(format: "%02x", $0) }.joined(separator: " ")
      throw .malformedDatabase("not an R XDR serialization (it starts with '\(start)', not 'X\\n')")
    }
    at = 2
    let version = try readInt()
    _ = try readInt()  // the R version that wrote it
    _ = try readInt()  // the oldest R that can read it
    switch version {
    case 2: break
    case 3:
      let count = Int(try readInt())
      guard count >= 0, count <= min(remaining, 64) else {
        throw .malformedDatabase("a native encoding name of \(count) bytes")
      }
      nativeEncoding = String(decoding: bytes[at..<(at + count)], as: UTF8.self)
      at += count
    default:
      throw .malformedDatabase("R serialization version \(version) (only 2 and 3 are read)")
    }
  }

  private mutating func readInt() throws(CorpusError) -> Int32 {
    Int32(bitPattern: try readWord())
  }

  private mutating func readWord() throws(CorpusError) -> UInt32 {
    guard remaining >= 4 else {
      throw .malformedDatabase("the serialization ends early (at byte \(at) of \(bytes.count))")
    }
    let word = UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8
      | UInt32(bytes[at + 3])
    at += 4
    return word
  }

  /// A vector length, checked against the bytes left: each element takes at least
  /// `bytesPerElement` of them.
  private mutating func readLength(bytesPerElement: Int) throws(CorpusError) -> Int {
    let short = try readInt()
    var length: UInt64
    if short == -1 {  // a long vector: two more words
      length = UInt64(try readWord()) << 32
      length |= UInt64(try readWord())
    } else {
      guard short >= 0 else { throw .malformedDatabase("a vector of length \(short)") }
      length = UInt64(short)
    }
    guard length <= UInt64(remaining / bytesPerElement) else {
      throw .malformedDatabase(
        "a vector of \(length) elements where only \(remaining) bytes are left (at byte \(at))")
    }
    return Int(length)
  }

  private mutating func readItem(depth: Int) throws(CorpusError) -> RObject {
    guard depth < Self.depthLimit else {
      throw .malformedDatabase("objects nested deeper than \(Self.depthLimit) levels")
    }
    return try readItem(flags: try readWord(), depth: depth)
  }

  private mutating func readItem(flags: UInt32, depth: Int) throws(CorpusError) -> RObject {
    let kind = flags & 0xFF
    let hasAttributes = flags & (1 << 9) != 0
    var object: RObject
    switch kind {
    case Kind.null:
      return RObject(value: .null)
    case Kind.reference:
      var index = Int(flags >> 8)
      if index == 0 { index = Int(try readInt()) }
      guard index >= 1, index <= references.count else {
        throw .malformedDatabase("a reference to item \(index) of \(references.count)")
      }
      return references[index - 1]
    case Kind.symbol:
      let nameFlags = try readWord()
      guard nameFlags & 0xFF == Kind.character, let name = try readCharacter(flags: nameFlags) else {
        throw .malformedDatabase("a symbol whose name is not a string")
      }
      let symbol = RObject(value: .symbol(name))
      references.append(symbol)
      return symbol
    case Kind.pairlist:
      return try readPairlist(flags: flags, depth: depth)
    case Kind.logical, Kind.integer:
      let count = try readLength(bytesPerElement: 4)
      var values: [Int32] = []
      values.reserveCapacity(count)
      for _ in 0..<count { values.append(try readInt()) }
      object = RObject(value: kind == Kind.logical ? .logical(values) : .integer(values))
    case Kind.real:
      let count = try readLength(bytesPerElement: 8)
      var values: [Double] = []
      values.reserveCapacity(count)
      for _ in 0..<count {
        let high = UInt64(try readWord())
        values.append(Double(bitPattern: high << 32 | UInt64(try readWord())))
      }
      object = RObject(value: .real(values))
    case Kind.strings:
      // Each element is a CHARSXP: its flags and its length, at least.
      let count = try readLength(bytesPerElement: 8)
      var values: [String?] = []
      values.reserveCapacity(count)
      for _ in 0..<count {
        let elementFlags = try readWord()
        guard elementFlags & 0xFF == Kind.character else {
          throw .malformedDatabase(
            "a character vector holds an item of type \(elementFlags & 0xFF), not a string")
        }
        values.append(try readCharacter(flags: elementFlags))
      }
      object = RObject(value: .strings(values))
    case Kind.list, Kind.expressions:
      let count = try readLength(bytesPerElement: 4)
      var values: [RObject] = []
      values.reserveCapacity(count)
      for _ in 0..<count { values.append(try readItem(depth: depth + 1)) }
      object = RObject(value: .list(values))
    default:
      throw .malformedDatabase("an item of R type \(kind), which a data set of text does not hold")
    }
    if hasAttributes {
      object.attributes = try readAttributes(depth: depth + 1)
    }
    return object
  }

  /// A pairlist, cell by cell: each cell's attributes (ignored), tag and value, then the next
  /// cell's flags, until the NULL that ends it.
  private mutating func readPairlist(flags first: UInt32, depth: Int) throws(CorpusError) -> RObject {
    var nodes: [RObject.Node] = []
    var flags = first
    while flags & 0xFF != Kind.null {
      guard flags & 0xFF == Kind.pairlist else {
        throw .malformedDatabase("a pairlist whose tail is an item of type \(flags & 0xFF)")
      }
      if flags & (1 << 9) != 0 { _ = try readAttributes(depth: depth + 1) }
      var tag: String?
      if flags & (1 << 10) != 0 {
        guard case .symbol(let name) = try readItem(depth: depth + 1).value else {
          throw .malformedDatabase("a pairlist tag that is not a symbol")
        }
        tag = name
      }
      nodes.append(RObject.Node(tag: tag, value: try readItem(depth: depth + 1)))
      flags = try readWord()
    }
    return RObject(value: .pairlist(nodes))
  }

  private mutating func readAttributes(depth: Int) throws(CorpusError) -> [RObject.Node] {
    guard case .pairlist(let nodes) = try readItem(depth: depth).value else {
      throw .malformedDatabase("attributes that are not a pairlist")
    }
    return nodes
  }

  /// A CHARSXP's string after its flags: nil for NA, else its bytes in the encoding its flags
  /// name (UTF-8, ASCII or Latin-1; unflagged strings in the writer's native encoding).
  private mutating func readCharacter(flags: UInt32) throws(CorpusError) -> String? {
    let count = try readInt()
    if count == -1 { return nil }
    guard count >= 0, Int(count) <= remaining else {
      throw .malformedDatabase("a string of \(count) bytes where \(remaining) are left (at byte \(at))")
    }
    let raw = bytes[at..<(at + Int(count))]
    at += Int(count)
    let levels = flags >> 12
    if levels & Self.bytesMask != 0 {
      throw .malformedDatabase("a string marked as raw bytes, not text")
    }
    let latin1 = levels & Self.latin1Mask != 0
      || (levels & (Self.utf8Mask | Self.asciiMask) == 0 && Self.isLatin1(nativeEncoding))
    if latin1 {
      var scalars = String.UnicodeScalarView()
      scalars.append(contentsOf: raw.map { Unicode.Scalar($0) })
      return String(scalars)
    }
    guard let text = String(validating: raw, as: UTF8.self) else {
      throw .malformedDatabase("a string that is not valid UTF-8 (at byte \(at - Int(count)))")
    }
    return text
  }

  private static func isLatin1(_ encoding: String) -> Bool {
    ["latin1", "iso-8859-1", "iso8859-1", "iso_8859-1"].contains(encoding.lowercased())
  }
}
