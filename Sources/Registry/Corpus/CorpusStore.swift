import Engine
import Foundation

/// One text of the training corpus.
public struct CorpusText: Sendable, Equatable {
  /// The R object it was decoded from, which also names its file: "persuasion".
  public let name: String
  /// The book's title: "Persuasion".
  public let title: String
  /// The text, one line of the book per line, each ending in "\n"; blank lines between
  /// paragraphs.
  public let text: String
}

/// The novels a tuned lens is trained on, and the one kept out of training.
public enum AustenCorpus {
  /// The novel kept out of training, for evaluation.
  public static let heldOut = "persuasion"

  /// The six novels' R object names and titles, in publication order.
  static let novels: [(name: String, title: String)] = [
    ("sensesensibility", "Sense and Sensibility"),
    ("prideprejudice", "Pride and Prejudice"),
    ("mansfieldpark", "Mansfield Park"),
    ("emma", "Emma"),
    ("northangerabbey", "Northanger Abbey"),
    ("persuasion", "Persuasion"),
  ]

  /// Where the novels come from: Debian's packaging of the R package janeaustenr, whose
  /// texts are Project Gutenberg's (public domain). A Debian pool file never changes, so its
  /// size and SHA-256 pin the texts.
  static let source = CorpusSource(
    url: "http://deb.debian.org/debian/pool/main/r/r-cran-janeaustenr/r-cran-janeaustenr_1.0.0-1_all.deb",
    size: 1_626_392,
    sha256: "df6bddf211906d1ff404f8ff662c21b34e6660e7f54a311084e749050c019c95",
    folderName: "janeaustenr-1.0.0-1")
}

/// A package the corpus is decoded from, pinned by its size and digest.
struct CorpusSource: Sendable, Equatable {
  /// Where curl downloads it (any URL curl takes, file:// included).
  var url: String
  var size: Int
  var sha256: String
  /// The folder of the corpus store its texts are kept in.
  var folderName: String

  /// The package's file name, kept beside its texts.
  var fileName: String { URL(string: url)?.lastPathComponent ?? "package.deb" }

  /// Where the lazy-load database is inside the package's data archive.
  static let databaseFolder = "./usr/lib/R/site-library/janeaustenr/data"
}

/// The local cache of corpus texts: `$XDG_CACHE_HOME/lenscribe/corpus` (default
/// `~/.cache/lenscribe/corpus`).
///
/// The first use downloads the package with curl, refuses it unless its size and SHA-256 are
/// the pinned ones, takes `data.tar.xz` out of the .deb (an `ar` archive), has tar extract the
/// R lazy-load database from it, decodes the novels in Swift and writes each as UTF-8 text
/// beside a manifest of their digests. The checked package is kept too (1.6 MB), so that a
/// text that no longer matches the manifest is decoded again from it without the network; a
/// missing or changed package is downloaded again. Every file is written atomically and the
/// manifest last, so an interrupted fetch leaves nothing that is taken for a stored corpus, and
/// two processes fetching at once write the same bytes over each other. Each use reads and
/// hashes the stored texts (4 MB) against the manifest: what is returned is what was decoded.
public struct CorpusStore: Sendable {
  /// The folder that holds the corpus (`.../lenscribe/corpus`).
  public let directory: URL
  let source: CorpusSource
  /// The programs spawned to download and extract, found on PATH (tests name missing ones).
  let curl: String
  let tar: String

  /// A store in `directory`.
  public init(directory: URL) {
    self.init(directory: directory, source: AustenCorpus.source)
  }

  /// A store in `directory` that fetches `source`, spawning `curl` and `tar`.
  init(directory: URL, source: CorpusSource, curl: String = "curl", tar: String = "tar") {
    self.directory = directory
    self.source = source
    self.curl = curl
    self.tar = tar
  }

  /// The store in the standard cache location, from the environment.
  public static func standard(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> CorpusStore {
    CorpusStore(directory: ModelStore.cacheRoot(environment: environment).appendingPathComponent("corpus"))
  }

  /// Jane Austen's six novels in publication order (Sense and Sensibility, Pride and Prejudice,
  /// Mansfield Park, Emma, Northanger Abbey, Persuasion), fetched and decoded on first use with
  /// progress lines on `log`.
  public func austenNovels(log: @escaping @Sendable (String) -> Void = { _ in }) throws -> [CorpusText] {
    if let stored = storedNovels(log: log) { return stored }
    return try decodeNovels(log: log)
  }

  /// The six novels when they are stored and unchanged, without fetching anything: nil
  /// otherwise.
  public func storedAustenNovels() -> [CorpusText]? { storedNovels(log: { _ in }) }

  /// The folder of this source's texts, manifest and package.
  var folder: URL { directory.appendingPathComponent(source.folderName) }
  var manifestURL: URL { folder.appendingPathComponent("manifest.json") }
  var packageURL: URL { folder.appendingPathComponent(source.fileName) }

  /// Where the text of the R object `name` is stored.
  func textURL(_ name: String) -> URL { folder.appendingPathComponent("\(name).txt") }

  /// What was decoded from which package: each text's line count and SHA-256 as stored.
  struct Manifest: Codable, Equatable {
    struct Text: Codable, Equatable {
      var lines: Int
      var sha256: String
    }
    var package: String
    var packageSHA256: String
    var texts: [String: Text]
  }

  /// The stored novels, or nil when any is missing or is not the text the manifest records.
  func storedNovels(log: @Sendable (String) -> Void) -> [CorpusText]? {
    guard let data = try? Data(contentsOf: manifestURL),
      let manifest = try? JSONDecoder().decode(Manifest.self, from: data),
      manifest.packageSHA256 == source.sha256
    else { return nil }
    var novels: [CorpusText] = []
    for novel in AustenCorpus.novels {
      let url = textURL(novel.name)
      guard let entry = manifest.texts[novel.name], let bytes = try? Data(contentsOf: url) else {
        return nil
      }
      guard FileDigest.sha256(bytes: [UInt8](bytes)) == entry.sha256,
        let text = String(validating: bytes, as: UTF8.self)
      else {
        log("corpus: \(url.path) is not the text the manifest records any more; decoding it again")
        return nil
      }
      novels.append(CorpusText(name: novel.name, title: novel.title, text: text))
    }
    return novels
  }

  /// Decodes the novels from the package (kept or downloaded now) and stores them.
  private func decodeNovels(log: @Sendable (String) -> Void) throws -> [CorpusText] {
    let fileManager = FileManager.default
    do {
      try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
    } catch {
      throw CorpusError.cacheUnwritable(path: folder.path, reason: error.localizedDescription)
    }
    let work = folder.appendingPathComponent(".fetch-\(UUID().uuidString)")
    do {
      try fileManager.createDirectory(at: work, withIntermediateDirectories: true)
    } catch {
      throw CorpusError.cacheUnwritable(path: work.path, reason: error.localizedDescription)
    }
    defer { try? fileManager.removeItem(at: work) }

    let package = try ArArchive(checkedPackage(work: work, log: log))
    guard let dataArchive = package.member(named: "data.tar.xz") else {
      throw CorpusError.malformedPackage(
        "it has no data.tar.xz (members: \(package.members.map(\.name).joined(separator: ", ")))")
    }
    let dataArchiveURL = work.appendingPathComponent("data.tar.xz")
    try write(Data(dataArchive), to: dataArchiveURL)
    log("corpus: extracting R's lazy-load database")
    let index = "\(CorpusSource.databaseFolder)/Rdata.rdx"
    let entries = "\(CorpusSource.databaseFolder)/Rdata.rdb"
    try extract([entries, index], from: dataArchiveURL, into: work)
    let database = try RLazyLoadDatabase(
      index: try contents(of: work.appendingPathComponent(index)),
      database: try contents(of: work.appendingPathComponent(entries)))

    log("corpus: decoding the six novels")
    var novels: [CorpusText] = []
    var manifest = Manifest(package: source.fileName, packageSHA256: source.sha256, texts: [:])
    for novel in AustenCorpus.novels {
      let lines = try database.strings(named: novel.name)
      let text = lines.map { ($0 ?? "") + "\n" }.joined()
      let bytes = Data(text.utf8)
      try write(bytes, to: textURL(novel.name))
      manifest.texts[novel.name] = Manifest.Text(
        lines: lines.count, sha256: FileDigest.sha256(bytes: [UInt8](bytes)))
      novels.append(CorpusText(name: novel.name, title: novel.title, text: text))
    }
    try write(try CanonicalJSON.data(manifest), to: manifestURL)
    log("corpus: stored \(novels.count) novels in \(folder.path)")
    return novels
  }

  /// The package's bytes: the kept copy when it is still the pinned file, else downloaded
  /// into `work`, checked and kept. A download of other bytes is refused and nothing stored.
  private func checkedPackage(work: URL, log: @Sendable (String) -> Void) throws -> [UInt8] {
    if isPinnedPackage(packageURL) {
      log("corpus: using the package kept in \(packageURL.path)")
      return try contents(of: packageURL)
    }
    let downloaded = work.appendingPathComponent(source.fileName)
    log("corpus: downloading \(source.url)")
    try download(to: downloaded)
    log("corpus: checking SHA-256")
    let size = (try? FileManager.default.attributesOfItem(atPath: downloaded.path)[.size] as? NSNumber)?
      .intValue ?? -1
    let digest = (try? FileDigest.sha256(path: downloaded.path)) ?? "(unreadable)"
    guard size == source.size, digest == source.sha256 else {
      throw CorpusError.checksumMismatch(
        url: source.url, expected: source.sha256, actual: digest, size: size)
    }
    let bytes = try contents(of: downloaded)
    do {
      try AtomicFile.replace(packageURL, with: downloaded)
    } catch {
      throw CorpusError.cacheUnwritable(path: packageURL.path, reason: error.localizedDescription)
    }
    return bytes
  }

  private func isPinnedPackage(_ url: URL) -> Bool {
    FileIdentity(path: url.path)?.size == Int64(source.size)
      && (try? FileDigest.sha256(path: url.path)) == source.sha256
  }

  private func download(to destination: URL) throws(CorpusError) {
    let (status, message) = try spawn(
      curl,
      [
        "-fsSL", "--retry", "2", "--max-filesize", "\(source.size)", "--output", destination.path,
        source.url,
      ],
      package: "curl")
    guard status == 0 else {
      throw .downloadFailed(
        url: source.url, detail: Self.lastLine(message) ?? "curl exited with status \(status)")
    }
  }

  /// Has tar extract `members` of the xz-compressed `archive` into `folder`.
  private func extract(_ members: [String], from archive: URL, into folder: URL) throws(CorpusError) {
    let (status, message) = try spawn(
      tar, ["-xJf", archive.path, "-C", folder.path] + members, package: "tar")
    guard status == 0 else {
      // GNU tar runs xz for -J and says so when it cannot.
      if message.contains("xz: Cannot exec") {
        throw .toolMissing(tool: "xz", package: "xz-utils")
      }
      throw .extractionFailed(Self.lastLine(message) ?? "tar exited with status \(status)")
    }
  }

  /// Runs `tool` (found on PATH by env) with `arguments`: its exit status and standard error.
  private func spawn(
    _ tool: String, _ arguments: [String], package: String
  ) throws(CorpusError) -> (status: Int32, message: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw .toolMissing(tool: tool, package: package)
    }
    let detail = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    // env's status when it finds no such program.
    if process.terminationStatus == 127 { throw .toolMissing(tool: tool, package: package) }
    return (process.terminationStatus, String(decoding: detail, as: UTF8.self))
  }

  private static func lastLine(_ message: String) -> String? {
    message.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.last { !$0.isEmpty }
  }

  /// The bytes of `url`, a file of the package or extracted from it.
  private func contents(of url: URL) throws(CorpusError) -> [UInt8] {
    do {
      return [UInt8](try Data(contentsOf: url))
    } catch {
      throw .extractionFailed("cannot read \(url.path): \(error.localizedDescription)")
    }
  }

  private func write(_ data: Data, to url: URL) throws(CorpusError) {
    do {
      try AtomicFile.write(data, to: url)
    } catch {
      throw .cacheUnwritable(path: url.path, reason: error.localizedDescription)
    }
  }
}
