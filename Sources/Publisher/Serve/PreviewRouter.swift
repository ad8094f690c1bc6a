import Foundation

/// Answers the preview server's requests from the built site alone: paths under the base path
/// map into `SITE/public`; nothing outside it (sources, cache) is ever read.
public struct PreviewRouter {
  /// The built site.
  public let root: URL
  /// The site's base path (`/blog/`).
  public let basePath: String
  /// Counts successful builds; pages reload when it changes.
  public let generation: Int

  /// The address pages poll to learn of a new build.
  public static let generationPath = "/__lenscribe/generation"

  /// A router for the site built into `root`.
  public init(root: URL, basePath: String, generation: Int) {
    self.root = root.standardizedFileURL.resolvingSymlinksInPath()
    self.basePath = basePath
    self.generation = generation
  }

  /// The response to `method target` (`GET /blog/posts/x/`).
  public func respond(method: String, target: String) -> PreviewResponse {
    guard method == "GET" || method == "HEAD" else { return .text(405, "only GET and HEAD\n") }
    let rawPath = String(target.prefix { $0 != "?" && $0 != "#" })
    if rawPath == Self.generationPath { return .text(200, "\(generation)") }
    guard let path = rawPath.removingPercentEncoding, path.hasPrefix("/"), !path.contains("\0")
    else { return .text(400, "bad request path\n") }
    guard path.hasPrefix(basePath) else {
      if path == "/" || basePath.hasPrefix(path) {
        return PreviewResponse(
          status: 302, contentType: "text/plain", body: Data(), location: basePath)
      }
      return notFound()
    }
    guard let relative = LinkMapper.normalised(String(path.dropFirst(basePath.count))) else {
      return .text(403, "outside the site\n")
    }
    if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { return notFound() }
    var file = root.appendingPathComponent(relative)
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder) else {
      return notFound()
    }
    if isFolder.boolValue {
      guard relative.isEmpty || relative.hasSuffix("/") else {
        return PreviewResponse(
          status: 301, contentType: "text/plain", body: Data(), location: path + "/")
      }
      file = file.appendingPathComponent("index.html")
    }
    guard let response = read(file, status: 200) else { return notFound() }
    return response
  }

  /// The site's 404 page, or a line of text when it has none.
  private func notFound() -> PreviewResponse {
    read(root.appendingPathComponent("404.html"), status: 404) ?? .text(404, "not found\n")
  }

  /// The file as a response; nil when it is missing or lies outside the site (a symbolic link).
  private func read(_ file: URL, status: Int) -> PreviewResponse? {
    let real = file.standardizedFileURL.resolvingSymlinksInPath().path
    guard real.hasPrefix(root.path + "/"), var data = FileManager.default.contents(atPath: real)
    else { return nil }
    let type = PreviewResponse.contentType(of: real)
    if type.hasPrefix("text/html") { data = withReloadScript(data) }
    return PreviewResponse(status: status, contentType: type, body: data)
  }

  /// The page with a script that reloads it after the next successful build.
  private func withReloadScript(_ page: Data) -> Data {
    let script = """
      <script>
      (function () {
        var built = \(generation);
        setInterval(function () {
          fetch("\(Self.generationPath)", { cache: "no-store" })
            .then(function (r) { return r.text(); })
            .then(function (t) { if (Number(t) !== built) { location.reload(); } })
            .catch(function () {});
        }, 1000);
      })();
      </script>

      """
    var text = String(decoding: page, as: UTF8.self)
    if let end = text.range(of: "</body>", options: .backwards) {
      text.insert(contentsOf: script, at: end.lowerBound)
    } else {
      text += script
    }
    return Data(text.utf8)
  }
}
