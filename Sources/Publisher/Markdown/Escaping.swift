/// Escaping of plain text for the formats the publisher writes.
///
/// What comes from a model (a token can be a control byte) reaches pages through here, so no
/// format gets a control character other than tab and line breaks: C0 controls and DEL become
/// their Control Pictures (U+2400...), as in the SVG figures (`XMLText`), C1 controls
/// `⟨U+0085⟩`. A NUL would otherwise end the page where libcmark copies it (C strings end there).
enum Escaping {
  /// Text for HTML content and double-quoted attributes.
  static func html(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for character in visibleControls(text) {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      default: result.append(character)
      }
    }
    return result
  }

  /// `text` with its control characters other than tab, LF and CR made visible.
  static func visibleControls(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: ControlCharacters.isRefused) else { return text }
    var result = ""
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x00...0x1F where ControlCharacters.isRefused(scalar):
        result.unicodeScalars.append(Unicode.Scalar(0x2400 + scalar.value)!)
      case 0x7F: result.unicodeScalars.append("\u{2421}")
      case 0x80...0x9F: result += "⟨" + ControlCharacters.name(scalar) + "⟩"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  /// Text for XML (the Atom feed).
  static func xml(_ text: String) -> String {
    html(text).replacingOccurrences(of: "'", with: "&apos;")
  }

  /// Plain text that CommonMark shows literally: markup characters are backslash-escaped and line
  /// breaks become spaces.
  static func markdown(_ text: String) -> String {
    var result = ""
    let characters = Array(visibleControls(text))
    for (index, character) in characters.enumerated() {
      switch character {
      case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "#", "!":
        result.append("\\")
        result.append(character)
      case "&":
        // Only an entity (`&amp;`, `&#38;`) needs the escape; a lone `&` stays readable.
        let next = index + 1 < characters.count ? characters[index + 1] : " "
        if next.isLetter || next == "#" { result.append("\\") }
        result.append(character)
      case "\n", "\r": result.append(" ")
      default: result.append(character)
      }
    }
    return result
  }

  /// `text` as a CommonMark code span, shown literally whatever it holds: fenced by more
  /// backticks than its longest run of them (one for ordinary text), so a backtick in it cannot
  /// end the span early and let the rest be read as Markdown or HTML.
  static func codeSpan(_ text: String) -> String {
    var longest = 0
    var run = 0
    for character in text {
      run = character == "`" ? run + 1 : 0
      longest = max(longest, run)
    }
    let fence = String(repeating: "`", count: longest + 1)
    let padding = text.hasPrefix("`") || text.hasSuffix("`") ? " " : ""
    return fence + padding + text + padding + fence
  }
}
