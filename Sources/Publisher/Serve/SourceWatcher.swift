import Foundation

/// Notices edits to a site's sources by comparing the names, sizes and modification times of
/// `lenscribe.yml` and everything under `posts/`, `assets/` and `templates/`.
public struct SourceWatcher {
  /// The site folder.
  public let folder: URL
  private var last: [String]

  /// A watcher that takes the sources as they are now as seen.
  public init(folder: URL) {
    self.folder = folder
    last = []
    last = fingerprint()
  }

  /// Whether anything changed since the last call (or since the watcher was made).
  public mutating func changed() -> Bool {
    let now = fingerprint()
    defer { last = now }
    return now != last
  }

  private func fingerprint() -> [String] {
    var paths = ["lenscribe.yml"]
    for folderName in ["posts", "assets", "templates"] {
      let files = (try? SiteSources.files(in: folder.appendingPathComponent(folderName))) ?? []
      paths += files.map { folderName + "/" + $0 }
    }
    return paths.map { path in
      let attributes = try? FileManager.default.attributesOfItem(
        atPath: folder.appendingPathComponent(path).path)
      let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
      let time = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
      return "\(path) \(size) \(time)"
    }
  }
}
