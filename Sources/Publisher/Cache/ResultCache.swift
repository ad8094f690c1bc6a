import Engine
import Foundation

/// Figures cached by content in `SITE/.cache/lens/HASH.json`, one file per cache key.
public struct ResultCache {
  /// The folder of the entries.
  public let folder: URL

  /// The cache in `folder`.
  public init(folder: URL) {
    self.folder = folder
  }

  /// The stored figure for `key`, or nil (a damaged entry counts as missing).
  public func figure(for key: CacheKey) -> LensFigure? {
    guard let data = try? Data(contentsOf: entry(for: key)) else { return nil }
    return try? JSONDecoder().decode(Entry.self, from: data).figure
  }

  /// Stores `figure` as the result for `key`.
  public func store(_ figure: LensFigure, for key: CacheKey) throws(PublishError) {
    let url = entry(for: key)
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try AtomicFile.write(CanonicalJSON.data(Entry(key: key, figure: figure)), to: url)
    } catch {
      throw .unwritable(path: url.path, reason: error.localizedDescription)
    }
  }

  /// Removes every entry whose hash is not in `hashes`; returns how many were removed.
  public func prune(keeping hashes: Set<String>) -> Int {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    var removed = 0
    for name in names.sorted() where name.hasSuffix(".json") {
      guard !hashes.contains(String(name.dropLast(5))) else { continue }
      if (try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))) != nil {
        removed += 1
      }
    }
    return removed
  }

  /// The file of `key`'s entry.
  public func entry(for key: CacheKey) -> URL {
    folder.appendingPathComponent(key.hash + ".json")
  }

  /// An entry: the key in full (to read what it was made from) and the figure.
  struct Entry: Codable {
    var key: CacheKey
    var figure: LensFigure
  }
}
