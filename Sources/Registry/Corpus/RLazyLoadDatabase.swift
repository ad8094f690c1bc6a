/// An R lazy-load database, the `NAME.rdx` index and `NAME.rdb` file in which an installed R
/// package keeps its data sets (what R's `lazyLoad` reads).
///
/// The index is a gzip file holding a serialized named list: `variables` gives each object's
/// offset and length in the .rdb, `compressed` how its entries are compressed. An entry is a
/// 4-byte big-endian inflated length, then a zlib stream of the object's XDR serialization.
/// Only zlib entries (`compressed = TRUE`, what `R CMD INSTALL` writes by default) are read.
/// Offsets, lengths and sizes are all checked against the bytes there are.
struct RLazyLoadDatabase: Sendable {
  /// The most the index may inflate to: it lists a package's objects, a few hundred bytes here.
  static let indexSizeLimit = 1 << 20

  /// Each object's bytes in the .rdb, by name.
  let variables: [String: Range<Int>]
  private let database: [UInt8]

  /// The database of the index file's bytes `index` and the .rdb's bytes `database`.
  init(index: [UInt8], database: [UInt8]) throws(CorpusError) {
    let list = try RSerializationReader.read(Inflate.gzip(index, limit: Self.indexSizeLimit))
    guard let variables = list.element("variables"), case .list(let entries) = variables.value,
      let names = variables.names, names.count == entries.count
    else {
      throw .malformedDatabase("the index has no named list 'variables'")
    }
    switch list.element("compressed")?.value {
    case .logical([1])?, .integer([1])?: break
    case let other:
      throw .malformedDatabase(
        "the index says its entries are compressed as \(other.map { "\($0)" } ?? "nothing"), "
          + "not with zlib (compressed = TRUE)")
    }
    var ranges: [String: Range<Int>] = [:]
    for (name, entry) in zip(names, entries) {
      guard let name else { throw .malformedDatabase("the index names an object NA") }
      let pair: [Int]
      switch entry.value {
      case .integer(let values): pair = values.map(Int.init)
      // Past 2 GiB R writes offsets as doubles; whole numbers only.
      case .real(let values) where values.allSatisfy({ $0 >= 0 && $0 < 0x1p52 && $0.rounded() == $0 }):
        pair = values.map { Int($0) }
      default: throw .malformedDatabase("the index entry of '\(name)' is not an offset and a length")
      }
      guard pair.count == 2, pair[0] >= 0, pair[1] >= 4, pair[1] <= database.count - pair[0] else {
        throw .malformedDatabase(
          "the index entry of '\(name)' (\(pair)) lies outside the \(database.count)-byte database")
      }
      ranges[name] = pair[0]..<(pair[0] + pair[1])
    }
    self.variables = ranges
    self.database = database
  }

  /// The object stored under `name`.
  func object(named name: String) throws(CorpusError) -> RObject {
    guard let range = variables[name] else { throw .missingVariable(name) }
    let entry = database[range]
    let start = entry.startIndex
    let size = Int(entry[start]) << 24 | Int(entry[start + 1]) << 16 | Int(entry[start + 2]) << 8
      | Int(entry[start + 3])
    let serialized: [UInt8]
    do {
      serialized = try Inflate.zlib(entry.dropFirst(4), expectedSize: size)
    } catch .malformedDatabase(let detail) {
      throw .malformedDatabase("the entry of '\(name)': \(detail)")
    }
    do {
      return try RSerializationReader.read(serialized)
    } catch .malformedDatabase(let detail) {
      throw .malformedDatabase("the object '\(name)': \(detail)")
    }
  }

  /// The character vector stored under `name`, NA elements as nil.
  func strings(named name: String) throws(CorpusError) -> [String?] {
    guard case .strings(let values) = try object(named: name).value else {
      throw .malformedDatabase("the object '\(name)' is not a character vector")
    }
    return values
  }
}
