/// Escaping that turns any Swift string into valid XML 1.0 character data.
///
/// Swift strings hold Unicode scalars only, so lone surrogates and invalid UTF-8 have already
/// become U+FFFD when the text was decoded; what remains to handle is markup characters,
/// characters XML forbids and characters that are invisible or reorder text.
public enum XMLText {
  /// `text` escaped for element content and for attribute values in double quotes:
  /// `<&>"'` as entities; tab, newline and carriage return as character references (kept
  /// through attribute normalization); other C0 controls and DEL as their visible Control
  /// Pictures (U+2400...); U+FFFE/U+FFFF as U+FFFD; bidirectional controls as character
  /// references, so they stay in the text but show up in the source.
  public static func escape(_ text: String) -> String {
    var result = ""
    result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x26: result += "&amp;"
      case 0x3C: result += "&lt;"
      case 0x3E: result += "&gt;"
      case 0x22: result += "&quot;"
      case 0x27: result += "&#39;"
      case 0x09, 0x0A, 0x0D: result += "&#\(scalar.value);"
      case 0x00...0x1F: result.unicodeScalars.append(Unicode.Scalar(0x2400 + scalar.value)!)
      case 0x7F: result.unicodeScalars.append("\u{2421}")
      case 0xFFFE, 0xFFFF: result.unicodeScalars.append("\u{FFFD}")
      case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
        result += "&#x" + String(scalar.value, radix: 16, uppercase: true) + ";"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  /// `text` for a short visible label: line breaks and tabs as `↵` `⇥`, other controls as
  /// Control Pictures, and invisible format characters (bidi overrides, zero-width marks) as
  /// `⟨U+XXXX⟩`, so a label neither vanishes nor reorders what follows it.
  public static func visible(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x0A: result += "↵"
      case 0x0D: result += "␍"
      case 0x09: result += "⇥"
      case 0x00...0x1F: result.unicodeScalars.append(Unicode.Scalar(0x2400 + scalar.value)!)
      case 0x7F: result += "\u{2421}"
      case 0x80...0x9F: result += "⟨U+" + String(scalar.value, radix: 16, uppercase: true) + "⟩"
      default:
        if scalar.properties.generalCategory == .format {
          let hex = String(scalar.value, radix: 16, uppercase: true)
          result += "⟨U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "⟩"
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result
  }

  /// At most `limit` characters of `text`; longer text ends in `…`.
  public static func truncate(_ text: String, to limit: Int) -> String {
    guard text.count > limit, limit > 0 else { return text }
    return String(text.prefix(limit - 1)) + "…"
  }
}
