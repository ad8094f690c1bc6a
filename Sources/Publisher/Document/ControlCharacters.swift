/// The one rule for control characters in what an author writes (posts, `lenscribe.yml`, a
/// report's prompt): only tab, line feed and carriage return may appear.
///
/// A page cannot show the others. libcmark takes C strings, which end at a NUL, so a NUL cut
/// pages short without an error; XML 1.0 (the SVG figures, the feed) forbids most C0 controls
/// even as character references; the rest are invisible, or move a terminal's cursor when the
/// Markdown is read there. Refusing them at their line is clearer than any way of showing them.
/// Text from a model is another matter (a token can be a control byte): it is shown visibly
/// (`Tokenizer.displayPiece`, and `Escaping` as the last guard).
enum ControlCharacters {
  /// What the author is told to do, after naming the character.
  static let advice =
    "remove it: pages cannot show control characters (only tabs and line breaks may appear)"

  /// Whether `scalar` is a control character an author may not write: C0 other than tab and
  /// line breaks, DEL, and C1.
  static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
    scalar.properties.generalCategory == .control
      && scalar != "\t" && scalar != "\n" && scalar != "\r"
  }

  /// The first refused character of `text`.
  static func first(in text: String) -> Unicode.Scalar? {
    text.unicodeScalars.first(where: isRefused)
  }

  /// The first refused character of `text` with its 1-based line and column (in characters of
  /// the line, counted as Unicode scalars).
  static func located(in text: String) -> (scalar: Unicode.Scalar, line: Int, column: Int)? {
    var line = 1
    var column = 0
    for scalar in text.unicodeScalars {
      if scalar == "\n" {
        line += 1
        column = 0
        continue
      }
      column += 1
      if isRefused(scalar) { return (scalar, line, column) }
    }
    return nil
  }

  /// Refuses `text` (of `file`, starting after its line `lineOffset`) when a refused character
  /// is written in it as it is, naming the line and column.
  static func check(_ text: String, file: String, lineOffset: Int = 0) throws(SourceError) {
    guard let found = located(in: text) else { return }
    throw SourceError(
      file: file, line: lineOffset + found.line,
      message: "the line has a control character \(name(found.scalar)) (column \(found.column)); "
        + advice)
  }

  /// `U+001B`: how messages name a character.
  static func name(_ scalar: Unicode.Scalar) -> String {
    let hex = String(scalar.value, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }
}
