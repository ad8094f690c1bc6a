import Foundation
@testable import Registry
import Testing

/// The lazy-load database decoder reads what R writes, and refuses damaged or hostile bytes
/// with a `CorpusError` instead of crashing, reading past them or allocating what they claim.
@Suite struct RLazyLoadDatabaseTests {
  @Test func stringsDecodeInEachEncodingWithNAs() throws {
    let first = XDR.header + XDR.strings([
      XDR.string("Chapter 1"), XDR.string(nil), XDR.string(""),
      XDR.string([0x63, 0x61, 0x66, 0xE9], flags: XDR.latin1),  // "café" in Latin-1
      XDR.string(Array("naïve — “quoted”".utf8), flags: XDR.utf8),
    ])
    let second = XDR.header + XDR.strings([XDR.string("THE END")])
    let built = Built.database([("first", first), ("second", second)])
    let database = try RLazyLoadDatabase(index: built.index, database: built.rdb)
    #expect(Set(database.variables.keys) == ["first", "second"])
    #expect(
      try database.strings(named: "first") == ["Chapter 1", nil, "", "café", "naïve — “quoted”"])
    #expect(try database.strings(named: "second") == ["THE END"])
    #expect(throws: CorpusError.missingVariable("third")) { try database.strings(named: "third") }
  }

  /// janeaustenr's real index, read by the same rules as scripts/austen-reference.py reads it.
  @Test func theRealIndexListsTheSixNovels() throws {
    let database = try RLazyLoadDatabase(
      index: Fixture.realIndex, database: [UInt8](repeating: 0, count: Fixture.realDatabaseSize))
    #expect(database.variables.count == 6)
    #expect(database.variables["emma"] == 0..<352_043)
    #expect(database.variables["persuasion"] == 878_612..<(878_612 + 185_130))
    #expect(database.variables["sensesensibility"] == 1_334_779..<Fixture.realDatabaseSize)
  }

  /// A stream Python's zlib compressed (not stored blocks): the decoder's real path.
  @Test func aRealZlibStreamInflatesToItsSerialization() throws {
    #expect(
      try Inflate.zlib(Fixture.pythonZlib[...], expectedSize: Fixture.serialized.count)
        == Fixture.serialized)
    let database = try Built.realEntryDatabase()
    #expect(
      try database.strings(named: "lines") == [
        "It is a truth universally acknowledged, that a single man in possession", nil, "", "café",
        "naïve",
      ])
  }

  @Test func aTruncatedEntryIsRefused() throws {
    let serialized = XDR.header + XDR.strings([XDR.string("It is a truth universally acknowledged")])
    // The index points past the end of the .rdb.
    let built = Built.database([("lines", serialized)])
    expectRefused("lies outside") {
      _ = try RLazyLoadDatabase(index: built.index, database: Array(built.rdb.dropLast(1)))
    }
    // The entry itself is cut: its zlib stream, then its serialization, end early.
    for cut in [1, 5, 10, built.rdb.count - 6] {
      let short = Built.database([("lines", serialized)]) { Array($0.dropLast(cut)) }
      let database = try RLazyLoadDatabase(index: short.index, database: short.rdb)
      expectRefused("the entry of 'lines'") { _ = try database.strings(named: "lines") }
    }
    let cutObject = Built.database([("lines", Array(serialized.prefix(XDR.header.count + 6)))])
    let database = try RLazyLoadDatabase(index: cutObject.index, database: cutObject.rdb)
    expectRefused("ends early") { _ = try database.strings(named: "lines") }
    // Every prefix of a real compressed stream.
    for count in 0..<Fixture.pythonZlib.count {
      expectRefused("") {
        _ = try Inflate.zlib(Fixture.pythonZlib.prefix(count), expectedSize: Fixture.serialized.count)
      }
    }
  }

  @Test func anEntryWhoseLengthLiesIsRefused() throws {
    let serialized = XDR.header + XDR.strings([XDR.string("Emma Woodhouse, handsome, clever, and rich")])
    for (claimed, detail) in [
      (serialized.count + 1, "not the"), (serialized.count - 1, "inflates past"),
      (Int(UInt32.max), "claims to inflate"),
    ] {
      let built = Built.database([("lines", serialized)]) { entry in
        XDR.word(UInt32(claimed)) + entry.dropFirst(4)
      }
      let database = try RLazyLoadDatabase(index: built.index, database: built.rdb)
      expectRefused(detail) { _ = try database.strings(named: "lines") }
    }
    // Lengths inside the serialization that the bytes cannot hold: refused before allocating.
    let hugeVector = XDR.header + XDR.word(16) + XDR.int(1_000_000_000) + XDR.string("x")
    expectRefused("a vector of 1000000000 elements") { _ = try RSerializationReader.read(hugeVector) }
    let longVector = XDR.header + XDR.word(16) + XDR.int(-1) + XDR.word(0x7FFF_FFFF) + XDR.word(0)
    expectRefused("elements where only") { _ = try RSerializationReader.read(longVector) }
    let hugeString = XDR.header + XDR.word(16) + XDR.int(1) + XDR.word(XDR.ascii) + XDR.int(Int32.max)
    expectRefused("a string of 2147483647 bytes") { _ = try RSerializationReader.read(hugeString) }
    let negative = XDR.header + XDR.word(13) + XDR.int(-7)
    expectRefused("a vector of length -7") { _ = try RSerializationReader.read(negative) }
    let trailing = serialized + [0]
    expectRefused("1 bytes follow") { _ = try RSerializationReader.read(trailing) }
  }

  @Test func aWrongMagicIsRefused() throws {
    let serialized = XDR.header + XDR.strings([XDR.string("Northanger Abbey")])
    let built = Built.database([("lines", serialized)])
    var index = built.index
    index[0] = 0x1E
    expectRefused("not a gzip file") { _ = try RLazyLoadDatabase(index: index, database: built.rdb) }
    var ascii = serialized
    ascii[0] = UInt8(ascii: "A")
    expectRefused("not an R XDR serialization") { _ = try RSerializationReader.read(ascii) }
    var version = serialized
    version[5] = 4
    expectRefused("version 4") { _ = try RSerializationReader.read(version) }
    let notZlib = Built.database([("lines", serialized)]) { entry in
      Array(entry.prefix(4)) + [0x00, 0x00] + entry.dropFirst(6)
    }
    let database = try RLazyLoadDatabase(index: notZlib.index, database: notZlib.rdb)
    expectRefused("not a zlib stream") { _ = try database.strings(named: "lines") }
    let bzip2 = Built.database([("lines", serialized)], compressed: XDR.integers([2]))
    expectRefused("not with zlib") { _ = try RLazyLoadDatabase(index: bzip2.index, database: bzip2.rdb) }
  }

  @Test func hostileNestingReferencesAndTypesAreRefused() {
    let nested = XDR.header + Array(repeating: XDR.word(19) + XDR.int(1), count: 100).flatMap { $0 }
      + XDR.word(254)
    expectRefused("nested deeper than") { _ = try RSerializationReader.read(nested) }
    let reference = XDR.header + XDR.reference(5)
    expectRefused("a reference to item 5 of 0") { _ = try RSerializationReader.read(reference) }
    let closure = XDR.header + XDR.word(3)
    expectRefused("R type 3") { _ = try RSerializationReader.read(closure) }
    let notUTF8 = XDR.header + XDR.strings([XDR.string([0xFF, 0xFE], flags: XDR.utf8)])
    expectRefused("not valid UTF-8") { _ = try RSerializationReader.read(notUTF8) }
    let rawBytes = XDR.header + XDR.strings([XDR.string([0x01], flags: 0x2009)])
    expectRefused("raw bytes") { _ = try RSerializationReader.read(rawBytes) }
    let dotted = XDR.header + XDR.word(2) + XDR.word(254) + XDR.integers([1])
    expectRefused("tail is an item of type 13") { _ = try RSerializationReader.read(dotted) }
  }

  /// Every prefix, and every byte of real compressed bytes flipped: a CorpusError or a value,
  /// never a crash, a hang or another error.
  @Test func everyCutAndFlipOfRealBytesEndsInACorpusErrorOrAValue() throws {
    let rdbSize = Fixture.realDatabaseSize
    let zeros = [UInt8](repeating: 0, count: rdbSize)
    var variants: [[UInt8]] = (0..<Fixture.realIndex.count).map { Array(Fixture.realIndex.prefix($0)) }
    for position in Fixture.realIndex.indices {
      for mask: UInt8 in [0x01, 0x80, 0xFF] {
        var flipped = Fixture.realIndex
        flipped[position] ^= mask
        variants.append(flipped)
      }
    }
    for variant in variants {
      expectCorpusErrorOrValue { _ = try RLazyLoadDatabase(index: variant, database: zeros) }
    }
    let entry = Fixture.serializedSizeWord + Fixture.pythonZlib
    for position in entry.indices {
      var flipped = entry
      flipped[position] ^= 0x5A
      let database = try Built.realEntryDatabase(entry: flipped)
      expectCorpusErrorOrValue { _ = try database.strings(named: "lines") }
    }
    // The serialization itself, cut and flipped.
    for position in Fixture.serialized.indices {
      var flipped = Fixture.serialized
      flipped[position] ^= 0xA5
      expectCorpusErrorOrValue { _ = try RSerializationReader.read(flipped) }
      expectRefused("") { _ = try RSerializationReader.read(Array(Fixture.serialized.prefix(position))) }
    }
  }

  @Test func aDebianArchiveIsReadAndADamagedOneRefused() throws {
    let archive = Built.ar([("debian-binary", Array("2.0\n".utf8)), ("data.tar.xz", [1, 2, 3])])
    let read = try ArArchive(archive)
    #expect(read.members.map(\.name) == ["debian-binary", "data.tar.xz"])
    #expect(read.member(named: "data.tar.xz").map(Array.init) == [1, 2, 3])
    #expect(read.member(named: "control.tar.xz") == nil)

    #expect(throws: CorpusError.malformedPackage("it does not start with the ar magic \"!<arch>\"")) {
      try ArArchive(Array("PK\u{3}\u{4}".utf8) + archive.dropFirst(4))
    }
    let short = Array(archive.dropLast(2))
    #expect(throws: CorpusError.self) { try ArArchive(short) }
    var lying = archive
    let sizeField = 8 + 48
    lying.replaceSubrange(sizeField..<(sizeField + 10), with: Array("9999999999".utf8))
    #expect(throws: CorpusError.self) { try ArArchive(lying) }
    var notDecimal = archive
    notDecimal.replaceSubrange(sizeField..<(sizeField + 10), with: Array("-4        ".utf8))
    #expect(throws: CorpusError.self) { try ArArchive(notDecimal) }
    let cutHeader = Array(archive.prefix(8 + 30))
    #expect(throws: CorpusError.self) { try ArArchive(cutHeader) }
  }
}

/// Runs `body`, which must throw `CorpusError.malformedDatabase` with `detail` in its message.
private func expectRefused(
  _ detail: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) {
  do {
    try body()
    Issue.record("accepted: expected a refusal mentioning '\(detail)'", sourceLocation: sourceLocation)
  } catch CorpusError.malformedDatabase(let message) {
    #expect(detail.isEmpty || message.contains(detail), "\(message)", sourceLocation: sourceLocation)
    #expect(!message.contains("\n"), sourceLocation: sourceLocation)
  } catch {
    Issue.record("threw \(error), not CorpusError.malformedDatabase", sourceLocation: sourceLocation)
  }
}

/// Runs `body`, which may succeed or throw a `CorpusError`, nothing else.
private func expectCorpusErrorOrValue(
  sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) {
  do {
    try body()
  } catch is CorpusError {
  } catch {
    Issue.record("threw \(error), not a CorpusError", sourceLocation: sourceLocation)
  }
}

/// Writes R's XDR serialization, as `serialize(x, NULL, version = 3)` does.
enum XDR {
  static let ascii: UInt32 = 0x40009
  static let utf8: UInt32 = 0x8009
  static let latin1: UInt32 = 0x4009

  static func word(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
  }

  static func int(_ value: Int32) -> [UInt8] { word(UInt32(bitPattern: value)) }

  /// "X\n", version 3, written by R 4.2.1, readable by R 3.5.0, native encoding UTF-8.
  static let header = Array("X\n".utf8) + int(3) + word(0x040201) + word(0x030500) + int(5)
    + Array("UTF-8".utf8)

  static func string(_ bytes: [UInt8]?, flags: UInt32 = ascii) -> [UInt8] {
    guard let bytes else { return word(9) + int(-1) }
    return word(flags) + int(Int32(bytes.count)) + bytes
  }

  static func string(_ text: String?) -> [UInt8] { string(text.map { Array($0.utf8) }) }

  /// A character vector of CHARSXPs already written by `string`.
  static func strings(_ items: [[UInt8]]) -> [UInt8] {
    word(16) + int(Int32(items.count)) + items.flatMap { $0 }
  }

  static func integers(_ values: [Int32]) -> [UInt8] {
    word(13) + int(Int32(values.count)) + values.flatMap(int)
  }

  static func logical(_ values: [Int32]) -> [UInt8] {
    word(10) + int(Int32(values.count)) + values.flatMap(int)
  }

  static func symbol(_ name: String) -> [UInt8] { word(1) + string(name) }

  /// A reference to the `index`th symbol written (1-based), packed into the flags.
  static func reference(_ index: Int) -> [UInt8] { word(UInt32(index) << 8 | 0xFF) }

  /// A list with a names attribute; `namesSymbol` is the symbol `names` or a reference to it.
  static func namedList(_ items: [(String, [UInt8])], namesSymbol: [UInt8]) -> [UInt8] {
    word(0x213) + int(Int32(items.count)) + items.flatMap(\.1)
      + word(0x402) + namesSymbol + strings(items.map { string($0.0) }) + word(254)
  }
}

/// zlib and gzip streams of stored (uncompressed) deflate blocks, and databases made of them.
enum Built {
  static func deflate(_ bytes: [UInt8]) -> [UInt8] {
    var output: [UInt8] = []
    var start = 0
    repeat {
      let end = min(start + 65_535, bytes.count)
      let count = UInt16(end - start)
      output += [end == bytes.count ? 1 : 0, UInt8(count & 0xFF), UInt8(count >> 8)]
      output += [UInt8(~count & 0xFF), UInt8(~count >> 8)]
      output += bytes[start..<end]
      start = end
    } while start < bytes.count
    return output
  }

  static func zlib(_ bytes: [UInt8]) -> [UInt8] {
    var a: UInt32 = 1
    var b: UInt32 = 0
    for byte in bytes {
      a = (a + UInt32(byte)) % 65_521
      b = (b + a) % 65_521
    }
    return [0x78, 0x01] + deflate(bytes) + XDR.word(b << 16 | a)
  }

  static func gzip(_ bytes: [UInt8]) -> [UInt8] {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = crc & 1 == 1 ? crc >> 1 ^ 0xEDB8_8320 : crc >> 1 }
    }
    crc ^= 0xFFFF_FFFF
    let littleEndian = { (value: UInt32) in XDR.word(value).reversed() }
    return [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3] + deflate(bytes) + littleEndian(crc)
      + littleEndian(UInt32(bytes.count))
  }

  /// An index and .rdb holding `objects` (name, serialization), each entry passed through
  /// `entry` (to damage it) after it is built.
  static func database(
    _ objects: [(String, [UInt8])], compressed: [UInt8] = XDR.logical([1]),
    entry damage: ([UInt8]) -> [UInt8] = { $0 }
  ) -> (index: [UInt8], rdb: [UInt8]) {
    var rdb: [UInt8] = []
    var entries: [(String, [UInt8])] = []
    for (name, serialized) in objects {
      let entry = damage(XDR.word(UInt32(serialized.count)) + zlib(serialized))
      entries.append((name, XDR.integers([Int32(rdb.count), Int32(entry.count)])))
      rdb += entry
    }
    let index = XDR.header + XDR.namedList(
      [
        ("variables", XDR.namedList(entries, namesSymbol: XDR.symbol("names"))),
        ("references", XDR.namedList([], namesSymbol: XDR.reference(1))),
        ("compressed", compressed),
      ], namesSymbol: XDR.reference(1))
    return (gzip(index), rdb)
  }

  /// A database whose one object, "lines", is the entry `entry` (Python's zlib stream).
  static func realEntryDatabase(
    entry: [UInt8] = Fixture.serializedSizeWord + Fixture.pythonZlib
  ) throws -> RLazyLoadDatabase {
    let index = XDR.header + XDR.namedList(
      [
        (
          "variables",
          XDR.namedList(
            [("lines", XDR.integers([0, Int32(entry.count)]))], namesSymbol: XDR.symbol("names"))
        ),
        ("compressed", XDR.logical([1])),
      ], namesSymbol: XDR.reference(1))
    return try RLazyLoadDatabase(index: gzip(index), database: entry)
  }

  /// An ar archive of `members`, as dpkg-deb writes one.
  static func ar(_ members: [(String, [UInt8])]) -> [UInt8] {
    var output = Array("!<arch>\n".utf8)
    for (name, bytes) in members {
      let field = { (text: String, width: Int) in
        Array(text.padding(toLength: width, withPad: " ", startingAt: 0).utf8)
      }
      output += field(name, 16) + field("0", 12) + field("0", 6) + field("0", 6) + field("100644", 8)
        + field("\(bytes.count)", 10) + [0x60, 0x0A] + bytes
      if bytes.count % 2 == 1 { output.append(0x0A) }
    }
    return output
  }
}

/// Bytes made outside Swift.
enum Fixture {
  /// The serialization Python compressed into `pythonZlib` (see its comment).
  static let serialized = XDR.header + XDR.strings([
    XDR.string("It is a truth universally acknowledged, that a single man in possession"),
    XDR.string(nil), XDR.string(""), XDR.string([0x63, 0x61, 0x66, 0xE9], flags: XDR.latin1),
    XDR.string(Array("naïve".utf8), flags: XDR.utf8),
  ])

  static var serializedSizeWord: [UInt8] { XDR.word(UInt32(serialized.count)) }

  /// `zlib.compress(serialized, 9)` in Python 3, the same bytes written there by hand.
  static let pythonZlib = bytes(
    "78da8be06260606066606162646066053219584343dc742d800c0110878185811348bb7b962864162b242a9414"
      + "9596642894e66596a5161527e6e4542a242667e7e597e7a4a6a4a7a6e8289464249600951567e6a5e7a42ae4"
      + "26e62964e62914e41717a7161767e6e7018de2fc0f04506381c00144b32427a6bd64606800b1d9f2120faf2f"
      + "4b0500f36e26b4")

  /// janeaustenr 1.0.0's `data/Rdata.rdx`, from the Debian package r-cran-janeaustenr 1.0.0-1.
  static let realIndex = bytes(
    "1f8b08000000000000035590d14ac3301486ffa6a9b04267c53dc12e15ef0587973e8182171349db33176dd292"
      + "6cc21ec237f10104f1297c1c414dd390b18b93fcff77c2c99fdce70052709620cd9c4476777b737109b053df"
      + "18f72357852b067fe4f13cfa4167cbb7e8f3cf0fb0f765f4c57a06f67d167d79750d3eff8a7ef6f0037eb280"
      + "4be07c028ec97083168aac13a5bf7c849c941241174a68bb92d436bd302f011eebce6cd6423f91115545bb80"
      + "f39e8cdd0a2b3b1dc8b437b2a1ded0f3b69135055a5ad296864556b2959b9d63bfe10330064cfe42268c3de4"
      + "3eb4af837e1a664e5e8591a26add634218432b32a4eb3da93be5a2584bcd30f41ffb511c7e91010000")

  /// The size of the `data/Rdata.rdb` beside it.
  static let realDatabaseSize = 1_601_335

  private static func bytes(_ hex: String) -> [UInt8] {
    let digits = Array(hex.utf8)
    return stride(from: 0, to: digits.count, by: 2).map {
      UInt8(String(decoding: digits[$0..<($0 + 2)], as: UTF8.self), radix: 16)!
    }
  }
}
