import Formatting

/// Builds SVG text one element per line, attributes in the order given, LF line ends.
public struct SVGWriter: Sendable {
  /// One attribute: name and unescaped value.
  public typealias Attribute = (name: String, value: String)

  private var lines: [String] = []
  private var open: [String] = []

  /// An empty document.
  public init() {}

  /// Opens element `name`; children follow on their own lines until `close()`.
  public mutating func open(_ name: String, _ attributes: [Attribute] = []) {
    lines.append("<" + name + Self.text(attributes) + ">")
    open.append(name)
  }

  /// Closes the innermost open element.
  public mutating func close() {
    guard let name = open.popLast() else { return }
    lines.append("</" + name + ">")
  }

  /// Writes `<name attributes/>`, or `<name attributes>text</name>` when `text` is given.
  public mutating func element(_ name: String, _ attributes: [Attribute] = [], text: String? = nil)
  {
    if let text {
      lines.append(
        "<" + name + Self.text(attributes) + ">" + XMLText.escape(text) + "</" + name + ">")
    } else {
      lines.append("<" + name + Self.text(attributes) + "/>")
    }
  }

  /// Writes `<name>` with raw content that must contain no `<` or `&` (used for CSS).
  public mutating func raw(_ name: String, _ content: String) {
    precondition(!content.contains("<") && !content.contains("&"), "raw content is not markup-free")
    lines.append("<" + name + ">" + content + "</" + name + ">")
  }

  /// Writes a whole document another `SVGWriter` finished (a figure drawn elsewhere, placed
  /// inside this one), line by line as it is.
  public mutating func embed(_ document: String) {
    lines += document.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
  }

  /// The document so far, every open element closed, ending in a newline.
  public func finished() -> String {
    var copy = self
    while !copy.open.isEmpty { copy.close() }
    return copy.lines.joined(separator: "\n") + "\n"
  }

  private static func text(_ attributes: [Attribute]) -> String {
    var text = ""
    for attribute in attributes {
      text += " " + attribute.name + "=\"" + XMLText.escape(attribute.value) + "\""
    }
    return text
  }
}

/// Shorthand for numeric attribute values.
@inline(__always)
func num(_ value: Double, _ digits: Int = 2) -> String { NumberText.trimmed(value, digits: digits) }

/// Shorthand for integer attribute values.
@inline(__always)
func num(_ value: Int) -> String { String(value) }
