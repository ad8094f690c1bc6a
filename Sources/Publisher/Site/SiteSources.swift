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
    let configFile = folder.appendingPathComponent("lenscribe.yml")
    guard FileManager.default.fileExists(atPath: configFile.path) else {
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
    for file in try Self.files(in: folder.appendingPathComponent("posts"))
    where file.hasSuffix(".md") && !file.contains("/") {
      let relative = "posts/" + file
      let text = try Self.read(folder.appendingPathComponent(relative), as: relative)
      do {
        posts.append(try Post.parse(text, file: relative))
      } catch {
        if !includeDrafts, Self.isDraft(text, file: relative) { continue }
        if case .sourceErrors(let found) = error { errors += found } else { throw error }
      }
    }
    guard errors.isEmpty else { throw .sourceErrors(errors.sortedByLocation()) }
    self.posts = posts
    let assetsFolder = folder.appendingPathComponent("assets")
    assets = try Self.files(in: assetsFolder).map {
      (path: "assets/" + $0, source: assetsFolder.appendingPathComponent($0))
    }
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
    do {
      return try String(contentsOf: url, encoding: .utf8)
    } catch {
      throw .unreadable(
        path: name, reason: "not readable as UTF-8 text (\(error.localizedDescription))")
    }
  }

  /// The files under `folder` (relative paths, sorted, hidden ones skipped); none if it is absent.
  static func files(in folder: URL) throws(PublishError) -> [String] {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder),
      isFolder.boolValue
    else { return [] }
    guard let walker = FileManager.default.enumerator(atPath: folder.path) else {
      throw .unreadable(path: folder.path, reason: "cannot list the folder")
    }
    var result: [String] = []
    while let relative = walker.nextObject() as? String {
      if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
      var isDirectory: ObjCBool = false
      let path = folder.appendingPathComponent(relative).path
      if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
        !isDirectory.boolValue
      {
        result.append(relative)
      }
    }
    return result.sorted()
  }
}
