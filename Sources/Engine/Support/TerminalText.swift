/// Text read from a file, made safe to print to a terminal.
///
/// A GGUF file's strings (`general.name`, tensor names, metadata keys) are whatever its writer
/// put there. Printed raw, an ESC or a C1 CSI starts an escape sequence: it can recolour or
/// clear the screen, retitle the window (OSC) or rewrite what was printed before it. Everything
/// lenscribe prints from a file goes through `escaped` first (or `escapedJSON` for JSON).
public enum TerminalText {
  /// `text` with every C0 control, DEL and C1 control written as text: `\n` `\t` `\r` for line
  /// breaks and tabs, `\u{1B}` for the others; `keepingLineBreaks` keeps `\n` as it is, for a
  /// message of several lines. Bidirectional embedding, override and isolate controls are
  /// written the same way, so a name cannot reorder the rest of its line. Other text, and so
  /// every ordinary name, is unchanged (a backslash stays one backslash).
  public static func escaped(_ text: String, keepingLineBreaks: Bool = false) -> String {
    guard text.unicodeScalars.contains(where: needsEscape) else { return text }
    var result = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\n" where keepingLineBreaks: result += "\n"
      case "\n": result += "\\n"
      case "\t": result += "\\t"
      case "\r": result += "\\r"
      case _ where needsEscape(scalar):
        result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  /// JSON text with DEL, C1 and bidirectional controls written as `\u00XX` escapes: JSON
  /// encoders escape C0 controls in strings themselves but may leave these raw. They can only
  /// be inside strings (JSON's own syntax is ASCII), so the JSON means the same afterwards;
  /// C0 controls are left alone, as outside strings they are the JSON's own line breaks.
  public static func escapedJSON(_ json: String) -> String {
    func inString(_ scalar: Unicode.Scalar) -> Bool { scalar.value > 0x1F && needsEscape(scalar) }
    guard json.unicodeScalars.contains(where: inString) else { return json }
    var result = ""
    for scalar in json.unicodeScalars {
      if inString(scalar) {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  /// Whether `scalar` is a control a terminal may act on, or one that reorders text.
  static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F: true
    case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
    default: false
    }
  }
}
