import Foundation
import Publisher

/// A site folder in a fresh temporary directory, written file by file; removed by `remove()`.
struct TestSite {
  let folder: URL

  /// A site with `lenscribe.yml` and the given files (path in the site -> text).
  init(config: String = TestSite.config, files: [String: String] = [:]) throws {
    folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("lenscribe-site-\(UUID().uuidString)")
    try write("lenscribe.yml", config)
    for (path, text) in files { try write(path, text) }
  }

  /// The configuration most tests use: a site under a subpath.
  static let config = """
    title: Lens notes
    author: A. Writer
    base-url: https://example.org/blog/
    """

  /// Writes `text` to `path` in the site.
  func write(_ path: String, _ text: String) throws {
    let url = folder.appendingPathComponent(path)
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
  }

  /// The text of a file of the built site.
  func built(_ path: String) throws -> String {
    try String(contentsOf: folder.appendingPathComponent("public/" + path), encoding: .utf8)
  }

  /// Every file under `public/` with its bytes.
  func publicFiles() throws -> [String: Data] {
    let root = folder.appendingPathComponent("public")
    var result: [String: Data] = [:]
    guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [:] }
    while let path = walker.nextObject() as? String {
      var isFolder: ObjCBool = false
      let url = root.appendingPathComponent(path)
      if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder),
        !isFolder.boolValue
      {
        result[path] = try Data(contentsOf: url)
      }
    }
    return result
  }

  var builder: SiteBuilder { SiteBuilder(folder: folder) }

  func remove() { try? FileManager.default.removeItem(at: folder) }

  /// A post file with front matter.
  static func post(
    title: String = "A post", date: String = "2024-05-01", extra: String = "", _ body: String
  ) -> String {
    "---\ntitle: \(title)\ndate: \(date)\nsummary: What \(title) is about.\n\(extra)---\n\(body)"
  }
}
