import Foundation

/// Everything a site folder holds for a build: configuration, templates, posts and assets.
struct SiteSources {
  let folder: URL
  let config: SiteConfig
  let templates: TemplateSet
  /// Every post that parsed, drafts included, sorted by file.
  let posts: [Post]
  /// Assets by path in the output (`assets/plot.png`), sorted.
  let assets: [(path: String, source: URL)]

  /// Reads the site in `folder`. Posts with problems fail the load together, except drafts when
  /// `includeDrafts` is off (their front matter still has to parse, to know they are drafts).
  init(folder: URL, includeDrafts: Bool) throws(PublishError) {
    self.folder = folder
    guard
      let configFile = try SiteLinks.resolve(
        folder.appendingPathComponent("lenscribe.yml"), in: folder, name: "lenscribe.yml"),
      FileManager.default.fileExists(atPath: configFile.path)
    else {
      throw .siteNotFound(path: folder.path)
    }
    do {
      config = try SiteConfig.parse(try Self.read(configFile, as: "lenscribe.yml"))
    } catch let error as SourceError {
      throw .sourceErrors([error])
    } catch let error as PublishError {
      throw error
    } catch {
      throw .unreadable(path: configFile.path, reason: "\(error)")
    }
    templates = try TemplateSet(site: folder)
    var posts: [Post] = []
    var errors: [SourceError] = []
    let postFiles = try Self.sources(
      in: folder.appendingPathComponent("posts"), site: folder, name: "posts")
    for (file, source) in postFiles where file.hasSuffix(".md") && !file.contains("/") {
      let relative = "posts/" + file
      let text = try Self.read(source, as: relative)
      do {
        posts.append(try Post.parse(text, file: relative))
      } catch {
        if !includeDrafts, Self.isDraft(text, file: relative) { continue }
        if case .sourceErrors(let found) = error { errors += found } else { throw error }
      }
    }
    guard errors.isEmpty else { throw .sourceErrors(errors.sortedByLocation()) }
    self.posts = posts
    assets = try Self.sources(
      in: folder.appendingPathComponent("assets"), site: folder, name: "assets"
    ).map { (path: "assets/" + $0.path, source: $0.source) }
  }

  /// The post named `name`: its slug, its file name, or its path in the site.
  func post(named name: String) throws(PublishError) -> Post {
    let slug = Post.slug(of: name)
    guard let post = posts.first(where: { $0.slug == slug }) else {
      throw .postNotFound(name, known: posts.map(\.slug))
    }
    return post
  }

  /// Whether a post that does not parse says `draft: true` in a front matter that does.
  private static func isDraft(_ text: String, file: String) -> Bool {
    guard let split = try? FrontMatter.split(text, file: file),
      let matter = try? FrontMatter.parse(split.yaml, file: file)
    else { return false }
    return matter.draft
  }

  /// The text of `url`, named `name` in errors.
  static func read(_ url: URL, as name: String) throws(PublishError) -> String {
    let bytes: Data
    do {
      bytes = try Data(contentsOf: url)
    } catch {
      throw .unreadable(path: name, reason: error.localizedDescription)
    }
    // An editor's byte-order mark is not part of the text (front matter must start the file).
    let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
    if let text = String(validating: body, as: UTF8.self) { return text }
    throw .sourceErrors([invalidUTF8(in: Data(body), file: name)])
  }

  /// Where the first byte that is not UTF-8 lies, for the author to find it in an editor.
  static func invalidUTF8(in bytes: Data, file: String) -> SourceError {
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = bytes.makeIterator()
    var offset = 0
    scan: while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let scalar): offset += scalar.count
      case .error, .emptyInput: break scan
      }
    }
    let before = bytes.prefix(offset)
    let line = before.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
    let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? bytes.startIndex
    let column = offset + bytes.startIndex - lineStart + 1
    let byte = offset < bytes.count ? bytes[bytes.startIndex + offset] : 0
    let hex = String(byte, radix: 16, uppercase: true)
    return SourceError(
      file: file, line: line,
      message: "byte \(column) of the line (0x\(hex.count < 2 ? "0" + hex : hex)) is not UTF-8 "
        + "text; save the file as UTF-8")
  }

  /// The files under `folder` (relative paths, sorted, hidden ones skipped); none if it is absent.
  static func files(in folder: URL) throws(PublishError) -> [String] {
    try sources(
      in: folder, site: folder.deletingLastPathComponent(), name: folder.lastPathComponent
    ).map(\.path)
  }

  /// The files under `site`'s folder `name` (`posts`, `assets`): relative paths, sorted, hidden
  /// ones skipped, each with the real file it reads (links resolved as `SiteLinks` allows).
  static func sources(
    in folder: URL, site: URL, name: String
  ) throws(PublishError) -> [(path: String, source: URL)] {
    guard let root = try SiteLinks.resolve(folder, in: site, name: name) else { return [] }
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder) else {
      return []
    }
    guard isFolder.boolValue else {
      throw .unreadable(path: name, reason: "it is a file, not a folder")
    }
    guard let walker = FileManager.default.enumerator(atPath: root.path) else {
      throw .unreadable(path: name, reason: "cannot list the folder")
    }
    var result: [(path: String, source: URL)] = []
    while let relative = walker.nextObject() as? String {
      if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
      let entry = root.appendingPathComponent(relative)
      let shown = "\(name)/\(relative)"
      guard let real = try SiteLinks.resolve(entry, in: site, name: shown) else { continue }
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: real.path, isDirectory: &isDirectory) else {
        continue
      }
      if isDirectory.boolValue {
        if SiteLinks.isLink(entry) {
          throw .badLink(
            path: shown, reason: "it is a link to a folder, which lenscribe does not descend")
        }
        continue
      }
      result.append((path: relative, source: real))
    }
    return result.sorted { $0.path < $1.path }
  }
}
