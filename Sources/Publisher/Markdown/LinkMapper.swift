/// Where the links of a post's Markdown point once the post is a page.
///
/// Authors link as the sources lie: `other-post.md` or `../assets/plot.png` relative to the post
/// file, or `/assets/plot.png` from the site folder. Pages get the same targets relative to
/// their own folder (so the site works under any base path and from disk), the GitHub Markdown
/// gets `.md` targets, and the single-file export absolute addresses under the base URL.
struct LinkMapper {
  /// What the links are for.
  enum Target {
    /// A page of the built site: relative links, posts as folders.
    case page
    /// The GitHub-readable `index.md` beside a page: relative links, posts as `index.md`.
    case markdown
    /// A page read away from the site: absolute links under the base URL.
    case standalone
  }

  /// The site's base URL, ending in `/`.
  let baseURL: String

  /// `url` as written in `sourceFile` (`posts/x.md`), for a page in `pageFolder` (`posts/x/`).
  func map(_ url: String, from sourceFile: String, pageFolder: String, for target: Target) -> String
  {
    if url.isEmpty || url.hasPrefix("#") || url.hasPrefix("//") || Self.hasScheme(url) {
      return url
    }
    let cut = url.firstIndex { $0 == "?" || $0 == "#" } ?? url.endIndex
    let path = String(url[..<cut])
    let suffix = String(url[cut...])
    let sourceFolder = sourceFile.split(separator: "/").dropLast().joined(separator: "/")
    let joined = path.hasPrefix("/") ? String(path.dropFirst()) : sourceFolder + "/" + path
    guard var sitePath = Self.normalised(joined) else { return url }
    let parts = sitePath.split(separator: "/", omittingEmptySubsequences: false)
    if parts.count == 2, parts[0] == "posts", parts[1].hasSuffix(".md") {
      let slug = parts[1].dropLast(3)
      sitePath = target == .markdown ? "posts/\(slug)/index.md" : "posts/\(slug)/"
    }
    switch target {
    case .standalone: return baseURL + sitePath + suffix
    case .page, .markdown: return Self.relative(from: pageFolder, to: sitePath) + suffix
    }
  }

  /// Whether `url` starts with a scheme (`https:`, `mailto:`).
  static func hasScheme(_ url: String) -> Bool {
    url.range(of: #"^[A-Za-z][A-Za-z0-9+.-]*:"#, options: .regularExpression) != nil
  }

  /// `path` with `.` and `..` resolved; nil when it climbs above the site folder.
  static func normalised(_ path: String) -> String? {
    var parts: [Substring] = []
    let pieces = path.split(separator: "/", omittingEmptySubsequences: false)
    for (index, piece) in pieces.enumerated() {
      let isLast = index == pieces.count - 1
      switch piece {
      case ".": if isLast { parts.append("") }
      case "..":
        guard !parts.isEmpty else { return nil }
        parts.removeLast()
        if isLast { parts.append("") }
      case "": if isLast { parts.append("") }
      default: parts.append(piece)
      }
    }
    return parts.joined(separator: "/")
  }

  /// The relative link from a page in `folder` (`posts/a/`, or `` for the root) to `target`.
  static func relative(from folder: String, to target: String) -> String {
    let from = folder.split(separator: "/")
    var to = target.split(separator: "/", omittingEmptySubsequences: false)
    var common = 0
    while common < from.count, common < to.count - 1, from[common] == to[common] { common += 1 }
    to.removeFirst(common)
    let up = String(repeating: "../", count: from.count - common)
    let result = up + to.joined(separator: "/")
    return result.isEmpty ? "./" : result
  }
}
