/// Stable anchors for headings, derived from their text the way GitHub derives them: lowercase,
/// punctuation dropped, spaces as hyphens, `-1`, `-2` ... added to repeats.
struct HeadingAnchors {
  private var used: Set<String>

  /// Anchors that must not be handed out (the figures' ids, the template's own ids).
  init(reserved: Set<String>) {
    used = reserved
  }

  /// The slug of `text` without de-duplication.
  static func slug(_ text: String) -> String {
    var result = ""
    for character in text.lowercased() {
      if character.isLetter || character.isNumber || character == "-" || character == "_" {
        result.append(character)
      } else if character == " " {
        result.append("-")
      }
    }
    return result.isEmpty ? "section" : result
  }

  /// A fresh anchor for a heading with `text`.
  mutating func anchor(for text: String) -> String {
    let base = Self.slug(text)
    var candidate = base
    var number = 0
    while used.contains(candidate) {
      number += 1
      candidate = "\(base)-\(number)"
    }
    used.insert(candidate)
    return candidate
  }
}
