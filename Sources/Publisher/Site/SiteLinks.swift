import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The rule for symbolic links in a site folder. A link is followed when what it leads to,
/// through any chain of links, is inside the site folder; one that leads outside is refused,
/// so that a site cannot publish `/etc/passwd` or another project's posts by accident. Links to
/// folders are followed for `posts/`, `assets/` and `templates/` themselves, and refused below
/// them (a linked folder would be a second name for the same files, or a cycle). What lands
/// in `public/` is always a copy of the bytes, never a link.
enum SiteLinks {
  /// The path `url` leads to with every link resolved, refused unless it lies inside `site`.
  /// Nil when nothing is there (a dangling link is refused: it names a file that is not).
  static func resolve(_ url: URL, in site: URL, name: String) throws(PublishError) -> URL? {
    var info = stat()
    guard lstat(url.path, &info) == 0 else { return nil }
    guard let real = realpath(url.path, nil) else {
      throw .badLink(path: name, reason: "it leads nowhere (\(String(cString: strerror(errno))))")
    }
    defer { free(real) }
    let target = String(cString: real)
    let root = rootPath(of: site)
    guard target == root || target.hasPrefix(root + "/") else {
      throw .badLink(path: name, reason: "it is a link to \(target), outside the site folder")
    }
    return URL(fileURLWithPath: target)
  }

  /// Whether `url` is itself a link (not followed).
  static func isLink(_ url: URL) -> Bool {
    var info = stat()
    return lstat(url.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
  }

  /// The site folder's own real path: a site that is itself reached through a link is fine.
  static func rootPath(of site: URL) -> String {
    guard let real = realpath(site.path, nil) else { return site.standardizedFileURL.path }
    defer { free(real) }
    return String(cString: real)
  }
}
