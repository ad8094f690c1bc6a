import Engine
import Foundation
@testable import Registry
import Testing

/// The corpus is Debian's janeaustenr package, downloaded and decoded once into the standard
/// cache (like the models `make test` fetches), and its texts are the ones an outside reader
/// of the same package finds. Serialized: the tests share that one download.
@Suite(.serialized) struct CorpusStoreTests {
  /// Per novel, in publication order: line count and SHA-256 of the stored text (lines joined
  /// by "\n" with a final "\n"), printed by `scripts/austen-reference.py` (Python's gzip, zlib
  /// and its own XDR reader) on the package's Rdata.rdx and Rdata.rdb.
  static let reference: [(name: String, title: String, lines: Int, sha256: String)] = [
    ("sensesensibility", "Sense and Sensibility", 12_624,
     "105e1651fe93bed7130078578efd31e0c557d68667ba672ddc876f735b30fe09"),
    ("prideprejudice", "Pride and Prejudice", 13_030,
     "dfc684d4f857fa938268f9ab9c5567b64bd0691251eca959644adeabe6287a4d"),
    ("mansfieldpark", "Mansfield Park", 15_349,
     "98bc90519cdf4ef663ad7de2734bb529435ef24f7abbde6bb1a50898871dafe9"),
    ("emma", "Emma", 16_235, "7c67b5985c6d0de1efaeb5d342d52cb82c38083c40e2295129e30e87ee690ebe"),
    ("northangerabbey", "Northanger Abbey", 7_856,
     "51f91bbe0517db8e65cff009b097ce0a1836124c4e0532ac19e6c0cad982abed"),
    ("persuasion", "Persuasion", 8_328,
     "8061549557aebd2fd6e353d18d9197cb707029112bd52d4d8b174583a925848a"),
  ]

  let temporary: URL

  init() throws {
    temporary = FileManager.default.temporaryDirectory
      .appendingPathComponent("lenscribe-corpus-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
  }

  /// A source like the real one whose URL leads nowhere: any download attempt fails.
  var unreachable: CorpusSource {
    var source = AustenCorpus.source
    source.url = temporary.appendingPathComponent("no-such-package.deb").absoluteString
    return source
  }

  @Test func theSixNovelsAreTheOnesAnOutsideReaderFinds() throws {
    defer { try? FileManager.default.removeItem(at: temporary) }
    let novels = try CorpusStore.standard().austenNovels { print($0) }
    #expect(novels.map(\.name) == Self.reference.map(\.name))
    #expect(novels.map(\.title) == Self.reference.map(\.title))
    for (novel, reference) in zip(novels, Self.reference) {
      #expect(novel.text.utf8.count { $0 == 0x0A } == reference.lines, "\(novel.name)")
      #expect(FileDigest.sha256(bytes: Array(novel.text.utf8)) == reference.sha256, "\(novel.name)")
      #expect(novel.text.hasSuffix("\n"))
    }
    let persuasion = try #require(novels.first { $0.name == AustenCorpus.heldOut })
    #expect(persuasion.text.split(separator: "\n", omittingEmptySubsequences: false).first == "Persuasion")
    #expect(persuasion.text.hasPrefix("Persuasion\n\n\nby\n\nJane Austen\n\n(1818)\n"))
    #expect(
      persuasion.text.contains("Sir Walter Elliot, of Kellynch Hall, in Somersetshire, was a man who,\n"))
    // The one line the package flags as UTF-8 rather than ASCII.
    let mansfield = try #require(novels.first { $0.name == "mansfieldpark" })
    #expect(
      mansfield.text.contains("the command of her beauty, and her £20,000, any one who could satisfy the\n"))
  }

  @Test func aStoredCorpusIsReadWithoutDownloading() throws {
    defer { try? FileManager.default.removeItem(at: temporary) }
    let standard = CorpusStore.standard()
    let novels = try standard.austenNovels()
    let offline = CorpusStore(directory: standard.directory, source: unreachable)
    let lines = Lines()
    #expect(try offline.austenNovels(log: lines.append) == novels)
    #expect(lines.all.isEmpty)
  }

  @Test func aChangedStoredTextIsDecodedAgainFromTheKeptPackage() throws {
    defer { try? FileManager.default.removeItem(at: temporary) }
    let standard = CorpusStore.standard()
    let novels = try standard.austenNovels()
    let store = CorpusStore(directory: temporary, source: unreachable)
    try FileManager.default.createDirectory(at: store.folder, withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: standard.packageURL, to: store.packageURL)

    let first = Lines()
    #expect(try store.austenNovels(log: first.append) == novels)
    #expect(first.all.contains { $0.contains("using the package kept in") })

    let persuasion = store.textURL("persuasion")
    var changed = try Data(contentsOf: persuasion)
    changed[0] = UInt8(ascii: "p")
    try changed.write(to: persuasion)
    let second = Lines()
    #expect(try store.austenNovels(log: second.append) == novels)
    #expect(second.all.contains { $0.contains("is not the text the manifest records any more") })
    #expect(try String(contentsOf: persuasion, encoding: .utf8).hasPrefix("Persuasion\n"))

    // Without the kept package it is downloaded again (here: tried, and the failure named).
    try FileManager.default.removeItem(at: store.packageURL)
    try changed.write(to: persuasion)
    let error = #expect(throws: CorpusError.self) { try store.austenNovels() }
    guard case .downloadFailed(let url, _)? = error else {
      Issue.record("threw \(String(describing: error)), not a failed download")
      return
    }
    #expect(url == store.source.url)
    #expect(try FileManager.default.contentsOfDirectory(atPath: store.folder.path).allSatisfy {
      !$0.hasPrefix(".fetch-")
    })
  }

  @Test func aDownloadOfOtherBytesIsRefusedAndNothingIsStored() throws {
    defer { try? FileManager.default.removeItem(at: temporary) }
    let impostor = temporary.appendingPathComponent("impostor.deb")
    try Data("!<arch>\nnot the package".utf8).write(to: impostor)
    var source = AustenCorpus.source
    source.url = impostor.absoluteString
    let store = CorpusStore(directory: temporary.appendingPathComponent("corpus"), source: source)
    do {
      _ = try store.austenNovels()
      Issue.record("a package with the wrong SHA-256 was used")
    } catch let error as CorpusError {
      guard case .checksumMismatch(let url, let expected, let actual, let size) = error else {
        Issue.record("threw \(error), not a checksum mismatch")
        return
      }
      #expect(url == impostor.absoluteString)
      #expect(expected == AustenCorpus.source.sha256)
      #expect(actual == (try FileDigest.sha256(path: impostor.path)))
      #expect(size == 23)
      #expect(error.description.contains("nothing was stored"))
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: store.folder.path).isEmpty)
  }

  @Test func aMissingProgramIsNamedWithThePackageToInstall() throws {
    defer { try? FileManager.default.removeItem(at: temporary) }
    let store = CorpusStore(
      directory: temporary, source: AustenCorpus.source, curl: "lenscribe-no-such-curl")
    #expect(throws: CorpusError.toolMissing(tool: "lenscribe-no-such-curl", package: "curl")) {
      try store.austenNovels()
    }
    // A tar that finds no xz on its PATH: the package to install is xz's.
    let standard = CorpusStore.standard()
    _ = try standard.austenNovels()
    let tarWithoutXZ = temporary.appendingPathComponent("tar-without-xz")
    try "#!/bin/sh\nPATH=/nonexistent exec /usr/bin/tar \"$@\"\n".write(
      to: tarWithoutXZ, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tarWithoutXZ.path)
    let noXZ = CorpusStore(
      directory: temporary.appendingPathComponent("corpus"), source: unreachable, tar: tarWithoutXZ.path)
    try FileManager.default.createDirectory(at: noXZ.folder, withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: standard.packageURL, to: noXZ.packageURL)
    #expect(throws: CorpusError.toolMissing(tool: "xz", package: "xz-utils")) {
      try noXZ.austenNovels()
    }
    #expect(
      CorpusError.toolMissing(tool: "curl", package: "curl").description
        == "cannot run curl to fetch the corpus; install it (apt-get install curl) and try again")
  }
}

/// Collects log lines from a `@Sendable` closure.
private final class Lines: @unchecked Sendable {
  private let lock = NSLock()
  private var lines: [String] = []

  var all: [String] { lock.withLock { lines } }

  func append(_ line: String) {
    lock.withLock { lines.append(line) }
  }
}
