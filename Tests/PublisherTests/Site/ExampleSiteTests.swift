import Engine
import Foundation
import Publisher
import Testing

/// The example site in `site/` is committed together with its built `site/public/`; a fresh build
/// of the sources on the real models must give exactly the committed bytes, so any change to the
/// engine, the analyses or the figures shows up in review as a diff of the reports.
@Suite struct ExampleSiteTests {
  /// The repository's `site/` folder.
  static let site = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("site")

  @Test func aFreshBuildOfTheExampleSiteEqualsTheCommittedOne() throws {
    let committed = try Self.files(under: Self.site.appendingPathComponent("public"))
    #expect(committed["index.html"] != nil, "site/public/index.html is not committed")

    // Build a copy of the sources (no cache, no output) so the committed folder is untouched.
    let copy = FileManager.default.temporaryDirectory
      .appendingPathComponent("lenscribe-example-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: copy) }
    try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
    for item in ["lenscribe.yml", "posts", "assets", "templates"] {
      let source = Self.site.appendingPathComponent(item)
      guard FileManager.default.fileExists(atPath: source.path) else { continue }
      try FileManager.default.copyItem(at: source, to: copy.appendingPathComponent(item))
    }
    let report = try SiteBuilder(folder: copy).build(BuildOptions())
    #expect(report.ranCount == report.blocks.count, "a fresh copy has no cache, so every block runs")
    let built = try Self.files(under: copy.appendingPathComponent("public"))

    let added = built.keys.filter { committed[$0] == nil }.sorted()
    let removed = committed.keys.filter { built[$0] == nil }.sorted()
    let changed = built.keys.filter { committed[$0] != nil && committed[$0] != built[$0] }.sorted()
    let hint = "(run `make site` and commit site/public)"
    #expect(added.isEmpty, "built but not committed: \(added) \(hint)")
    #expect(removed.isEmpty, "committed but no longer built: \(removed) \(hint)")
    #expect(changed.isEmpty, "bytes differ from the committed site: \(changed) \(hint)")
  }

  /// Every file under `root` with its bytes, by path relative to `root`.
  static func files(under root: URL) throws -> [String: Data] {
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
}
