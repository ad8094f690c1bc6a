import Foundation

/// Finds the links and anchors of generated HTML and XML: `href` and `src` attributes, and
/// the `id` and `name` attributes links can point at.
enum HTMLScanner {
  /// The links and anchors of one page.
  struct Scan {
    var links: [String] = []
    var anchors: Set<String> = []
  }

  private static let attribute = try! NSRegularExpression(
    pattern: #"[\s"'](href|src|id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')"#, options: [.caseInsensitive]
  )

  /// The links (in page order) and anchors of `text`.
  static func scan(_ text: String) -> Scan {
    var scan = Scan()
    let range = NSRange(text.startIndex..., in: text)
    for match in attribute.matches(in: text, range: range) {
      guard let nameRange = Range(match.range(at: 1), in: text) else { continue }
      let valueRange = Range(match.range(at: 2), in: text) ?? Range(match.range(at: 3), in: text)
      let value = valueRange.map { decodeEntities(String(text[$0])) } ?? ""
      switch text[nameRange].lowercased() {
      case "href", "src": scan.links.append(value)
      default: scan.anchors.insert(value)
      }
    }
    return scan
  }

  /// Attribute text with the entities libcmark and the templates write decoded.
  static func decodeEntities(_ text: String) -> String {
    guard text.contains("&") else { return text }
    return text.replacingOccurrences(of: "&quot;", with: "\"")
      .replacingOccurrences(of: "&#39;", with: "'")
      .replacingOccurrences(of: "&apos;", with: "'")
      .replacingOccurrences(of: "&lt;", with: "<")
      .replacingOccurrences(of: "&gt;", with: ">")
      .replacingOccurrences(of: "&amp;", with: "&")
  }
}
