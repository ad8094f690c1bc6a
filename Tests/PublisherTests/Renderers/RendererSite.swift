import Engine
import Foundation
import Publisher

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Builds a one-post site whose blocks run the standard renderers on SmolLM2, twice in two
/// folders, and returns the first site's files (the caller checks both gave the same bytes).
struct RendererSite {
  let files: [String: Data]
  let secondFiles: [String: Data]

  init(blocks: [String]) throws {
    let body = blocks.map { "```lens\n\($0)\n```\n" }.joined(separator: "\n")
    let post = TestSite.post(
      title: "Lens", extra: "model: smollm2-135m\n", "Figures.\n\n" + body)
    var built: [[String: Data]] = []
    for _ in 0..<2 {
      let site = try TestSite(files: ["posts/lens.md": post])
      defer { site.remove() }
      let options = BuildOptions(renderers: .standard)
      try site.builder.build(options)
      built.append(try site.publicFiles())
    }
    files = built[0]
    secondFiles = built[1]
  }

  /// The text of a built file.
  func text(_ path: String) -> String? {
    files[path].map { String(decoding: $0, as: UTF8.self) }
  }

  /// The JSON object of a built file.
  func json(_ path: String) throws -> [String: Any]? {
    guard let data = files[path] else { return nil }
    return try JSONSerialization.jsonObject(with: data) as? [String: Any]
  }

  /// Whether the SVG file parses as XML with an `<svg>` root.
  func svgParses(_ path: String) -> Bool {
    guard let data = files[path] else { return false }
    let parser = XMLParser(data: data)
    return parser.parse()
  }
}
