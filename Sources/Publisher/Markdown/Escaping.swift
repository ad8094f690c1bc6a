/// Escaping of plain text for the formats the publisher writes.
enum Escaping {
  /// Text for HTML content and double-quoted attributes.
  static func html(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for character in text {
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

  /// Text for XML (the Atom feed).
  static func xml(_ text: String) -> String {
    html(text).replacingOccurrences(of: "'", with: "&apos;")
  }

  /// Plain text that CommonMark shows literally: markup characters are backslash-escaped and line
  /// breaks become spaces.
  static func markdown(_ text: String) -> String {
    var result = ""
    let characters = Array(text)
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
}
