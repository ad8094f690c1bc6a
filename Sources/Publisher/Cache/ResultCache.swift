import Engine
import Foundation

/// Analysis results cached by content in `SITE/.cache/lens/HASH.json`, one file per cache key.
/// Figures are not cached: they are drawn from the result on every build.
public struct ResultCache {
  /// The folder of the entries.
  public let folder: URL

  /// The cache in `folder`.
  public init(folder: URL) {
    self.folder = folder
  }

  /// The stored result (canonical JSON) for `key`, or nil (a damaged entry counts as missing).
  public func result(for key: CacheKey) -> String? {
    guard let data = try? Data(contentsOf: entry(for: key)),
      let entry = try? JSONDecoder().decode(Entry.self, from: data)
    else { return nil }
    return entry.result
  }

  /// Stores `result` (canonical JSON) as the result for `key`.
  public func store(_ result: String, for key: CacheKey) throws(PublishError) {
    let url = entry(for: key)
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try AtomicFile.write(CanonicalJSON.data(Entry(key: key, result: result)), to: url)
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

  /// An entry: the key in full (to read what it was made from) and the result's JSON text.
  struct Entry: Codable {
    var key: CacheKey
    var result: String
  }
}
