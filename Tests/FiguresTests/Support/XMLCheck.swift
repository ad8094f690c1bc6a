import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Parses SVG text with Foundation's XMLParser and counts what it saw.
final class XMLCheck: NSObject, XMLParserDelegate {
  private(set) var elements: [String: Int] = [:]
  private(set) var texts: [String] = []
  private var current = ""
  private(set) var error: String?

  /// The parse of `text`: element counts and text contents, or the parser's error.
  static func parse(_ text: String) -> XMLCheck {
    let check = XMLCheck()
    let parser = XMLParser(data: Data(text.utf8))
    parser.delegate = check
    if !parser.parse() {
      check.error = check.error ?? parser.parserError.map { "\($0)" } ?? "unknown error"
    }
    return check
  }

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    elements[name, default: 0] += 1
    current = ""
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }

  func parser(
    _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
  ) {
    if name == "text" || name == "title" { texts.append(current) }
    current = ""
  }

  func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
    error = "line \(parser.lineNumber) column \(parser.columnNumber): \(parseError)"
  }
}
