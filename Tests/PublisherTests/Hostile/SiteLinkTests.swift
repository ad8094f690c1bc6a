import Foundation
import Synchronization
import Publisher
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Links in a site folder: followed to files inside the site, refused when they lead outside,
/// and never published as links. A refused build leaves `public/` and the cache as they were.
@Suite struct SiteLinkTests {
  let site: TestSite
  /// A folder beside the site, standing for `/etc` or another project.
  let outside: URL
  let manager = FileManager.default

  init() throws {
    site = try TestSite(files: [
      "posts/good.md": TestSite.post(title: "Good", "Text.\n"),
      "assets/notes.txt": "site notes\n",
    ])
    outside = manager.temporaryDirectory.appendingPathComponent("lenscribe-out-\(UUID())")
    try manager.createDirectory(at: outside, withIntermediateDirectories: true)
    try Data("root:x:0:0\n".utf8).write(to: outside.appendingPathComponent("passwd"))
    try manager.createDirectory(
      at: outside.appendingPathComponent("posts"), withIntermediateDirectories: true)
    try Data(TestSite.post(title: "Theirs", "Secret.\n").utf8)
      .write(to: outside.appendingPathComponent("posts/theirs.md"))
    try site.builder.build(BuildOptions())
  }

  func cleanUp() {
    site.remove()
    try? manager.removeItem(at: outside)
  }

  func link(_ path: String, to target: String) throws {
    let url = site.folder.appendingPathComponent(path)
    try manager.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try manager.createSymbolicLink(atPath: url.path, withDestinationPath: target)
  }

  /// The next build's error, checking that `public/` and the cache were left as they were.
  func refusal(sourceLocation: SourceLocation = #_sourceLocation) throws -> PublishError? {
    let before = try site.publicFiles()
    let cache = try manager.contentsOfDirectory(
      atPath: site.folder.appendingPathComponent(".cache").path
    ).sorted()
    defer {
      #expect((try? site.publicFiles()) == before, "public/ changed", sourceLocation: sourceLocation)
      let after = try? manager.contentsOfDirectory(
        atPath: site.folder.appendingPathComponent(".cache").path
      ).sorted()
      #expect(after == cache, "the cache changed", sourceLocation: sourceLocation)
    }
    do {
      try site.builder.build(BuildOptions())
    } catch {
      return error
    }
    Issue.record("the build succeeded", sourceLocation: sourceLocation)
    return nil
  }

  func isLink(_ path: String) -> Bool {
    var info = stat()
    return lstat(site.folder.appendingPathComponent(path).path, &info) == 0
      && (info.st_mode & S_IFMT) == S_IFLNK
  }

  @Test func anAssetLinkedOutsideTheSiteIsRefused() throws {
    defer { cleanUp() }
    try link("assets/passwd.txt", to: outside.appendingPathComponent("passwd").path)
    let error = try refusal()
    #expect("\(error!)".hasPrefix("assets/passwd.txt: it is a link to "))
    #expect("\(error!)".contains("outside the site folder"))
    let published = site.folder.appendingPathComponent("public/assets/passwd.txt")
    #expect(!manager.fileExists(atPath: published.path))
  }

  @Test func aLinkThatLeavesTheSiteThroughAnotherLinkIsRefused() throws {
    defer { cleanUp() }
    try link("assets/hop", to: outside.appendingPathComponent("passwd").path)
    try link("assets/passwd.txt", to: "hop")
    #expect("\(try refusal()!)".contains("outside the site folder"))
  }

  @Test func aPostLinkedOutsideTheSiteIsRefused() throws {
    defer { cleanUp() }
    try link("posts/theirs.md", to: "../../\(outside.lastPathComponent)/posts/theirs.md")
    #expect("\(try refusal()!)".hasPrefix("posts/theirs.md: it is a link to "))
  }

  @Test func aPostsFolderLinkedOutsideIsRefusedNotBuiltEmpty() throws {
    defer { cleanUp() }
    try manager.removeItem(at: site.folder.appendingPathComponent("posts"))
    try link("posts", to: outside.appendingPathComponent("posts").path)
    #expect("\(try refusal()!)".hasPrefix("posts: it is a link to "))
  }

  @Test func aDanglingLinkIsRefused() throws {
    defer { cleanUp() }
    try link("assets/gone.png", to: "nowhere.png")
    #expect("\(try refusal()!)".hasPrefix("assets/gone.png: it leads nowhere"))
  }

  @Test func linksInsideTheSiteAreFollowedAndPublishedAsFiles() throws {
    defer { cleanUp() }
    // A relative link to an asset, a link to a folder of posts kept elsewhere in the site.
    try link("assets/copy.txt", to: "notes.txt")
    try manager.moveItem(
      at: site.folder.appendingPathComponent("posts"),
      to: site.folder.appendingPathComponent("writing"))
    try link("posts", to: "writing")
    try site.builder.build(BuildOptions())
    #expect(try site.built("assets/copy.txt") == "site notes\n")
    #expect(!isLink("public/assets/copy.txt"))
    #expect(try site.built("posts/good/index.html").contains("Good"))
  }

  @Test func aPublicThatIsALinkOrAFileIsNotReplaced() throws {
    defer { cleanUp() }
    let publicFolder = site.folder.appendingPathComponent("public")
    try manager.removeItem(at: publicFolder)
    try link("public", to: outside.path)
    #expect("\(try refusal()!)".contains("public is a link, not a folder that lenscribe wrote"))
    #expect(isLink("public"))
    #expect(try manager.contentsOfDirectory(atPath: outside.path).sorted() == ["passwd", "posts"])
    try manager.removeItem(at: publicFolder)
    try Data("mine\n".utf8).write(to: publicFolder)
    #expect("\(try refusal()!)".contains("public is a file"))
    #expect(try String(contentsOf: publicFolder, encoding: .utf8) == "mine\n")
  }

  /// `build` beside `serve`: one waits for the other, and both finish.
  @Test func twoBuildsOfOneSiteAtOnceBothSucceed() throws {
    defer { cleanUp() }
    let folder = site.folder
    let failures = Mutex<[String]>([])
    DispatchQueue.concurrentPerform(iterations: 3) { _ in
      do {
        try SiteBuilder(folder: folder).build(BuildOptions())
      } catch {
        failures.withLock { $0.append("\(error)") }
      }
    }
    #expect(failures.withLock { $0 } == [])
    #expect(try site.built("posts/good/index.html").contains("Good"))
    let leftovers = try manager.contentsOfDirectory(atPath: site.folder.path)
      .filter { $0.hasPrefix(".public.") }
    #expect(leftovers.isEmpty)
  }
}
