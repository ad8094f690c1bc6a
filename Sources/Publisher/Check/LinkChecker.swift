import Foundation

/// Checks that every internal link and anchor of a built site leads somewhere.
///
/// Internal links are relative ones, ones starting with the base path (`/blog/...`), and
/// absolute ones under the base URL; other addresses (`https://elsewhere`, `mailto:`) are not
/// followed.
public struct LinkChecker {
  /// The site's base URL, ending in `/`.
  public let baseURL: String
  /// The path of the base URL, starting and ending in `/`.
  public let basePath: String

  /// A checker for a site that lives at `baseURL`.
  public init(config: SiteConfig) {
    baseURL = config.baseURL
    basePath = config.basePath
  }

  /// The broken links of every HTML page and XML feed of `tree`, sorted by page and link.
  public func problems(in tree: OutputTree) -> [LinkProblem] {
    var scans: [String: HTMLScanner.Scan] = [:]
    for path in tree.paths where path.hasSuffix(".html") || path.hasSuffix(".xml") {
      scans[path] = HTMLScanner.scan(tree.text(path) ?? "")
    }
    var problems: Set<LinkProblem> = []
    for (page, scan) in scans {
      for link in scan.links {
        if let reason = problem(with: link, on: page, tree: tree, scans: scans) {
          problems.insert(LinkProblem(page: page, link: link, reason: reason))
        }
      }
    }
    return problems.sorted { ($0.page, $0.link) < ($1.page, $1.link) }
  }

  /// Why `link` on `page` is broken, or nil when it is fine or not internal.
  func problem(
    with link: String, on page: String, tree: OutputTree, scans: [String: HTMLScanner.Scan]
  ) -> String? {
    var address = link
    if address.hasPrefix(baseURL) {
      address = basePath + address.dropFirst(baseURL.count)
    } else if address.hasPrefix("//") || LinkMapper.hasScheme(address) {
      return nil
    }
    let hash = address.firstIndex(of: "#")
    let fragment = hash.map { String(address[address.index(after: $0)...]) } ?? ""
    var path = String(address[..<(hash ?? address.endIndex)])
    if let query = path.firstIndex(of: "?") { path = String(path[..<query]) }
    path = path.removingPercentEncoding ?? path

    var target: String
    if path.isEmpty {
      target = page
    } else if path.hasPrefix("/") {
      guard path.hasPrefix(basePath) else {
        return "it starts outside the site's base path \(basePath)"
      }
      target = String(path.dropFirst(basePath.count))
    } else {
      let folder = page.split(separator: "/").dropLast().joined(separator: "/")
      target = folder.isEmpty ? path : folder + "/" + path
    }
    guard let normalised = LinkMapper.normalised(target) else {
      return "it climbs above the site's root folder"
    }
    target = normalised
    if target.isEmpty || target.hasSuffix("/") { target += "index.html" }
    if !tree.contains(target) {
      guard tree.contains(target + "/index.html") else { return "the site has no \(target)" }
      target += "/index.html"
    }
    guard !fragment.isEmpty, target.hasSuffix(".html") else { return nil }
    let anchor = fragment.removingPercentEncoding ?? fragment
    guard scans[target]?.anchors.contains(anchor) ?? false else {
      return "\(target) has no anchor '\(anchor)'"
    }
    return nil
  }
}
