import Engine
import Foundation
import Testing

/// `TerminalText`: what lenscribe prints from a file does nothing to the terminal, and ordinary
/// text prints as it is.
@Suite struct TerminalTextTests {
  @Test func controlsAreWrittenAsTextAndEverythingElseIsLeftAlone() {
    #expect(TerminalText.escaped("\u{1B}]0;title\u{7}") == "\\u{1B}]0;title\\u{7}")
    #expect(TerminalText.escaped("a\u{0}b\u{7F}c\u{9B}2J") == "a\\u{0}b\\u{7F}c\\u{9B}2J")
    #expect(TerminalText.escaped("one\ntwo\tthree\r") == "one\\ntwo\\tthree\\r")
    #expect(TerminalText.escaped("abc\u{202E}fed\u{2066}") == "abc\\u{202E}fed\\u{2066}")
    let ordinary = "blk.0.attn_q.weight ✓ Ĝ \\n é 日本 \u{A0}"
    #expect(TerminalText.escaped(ordinary) == ordinary)
  }

  @Test func messagesOfSeveralLinesKeepTheirLineBreaks() {
    #expect(
      TerminalText.escaped("a\u{1B}[2J\nb\tc", keepingLineBreaks: true) == "a\\u{1B}[2J\nb\\tc")
  }

  @Test func jsonKeepsItsMeaningWithC1AndBidiControlsEscaped() throws {
    let value = ["name": "x\u{1B}y\u{85}z\u{7F}\u{202E}"]
    let encoded = String(decoding: try JSONEncoder().encode(value), as: UTF8.self) + "\n"
    let escaped = TerminalText.escapedJSON(encoded)
    #expect(!escaped.unicodeScalars.contains { $0.value >= 0x7F && $0.value <= 0x9F })
    for escape in ["\\u0085", "\\u007F", "\\u202E"] { #expect(escaped.contains(escape)) }
    let decoded = try JSONDecoder().decode([String: String].self, from: Data(escaped.utf8))
    #expect(decoded == value)
    let pretty = "{\n  \"a\" : 1\n}\n"
    #expect(TerminalText.escapedJSON(pretty) == pretty)
  }
}
