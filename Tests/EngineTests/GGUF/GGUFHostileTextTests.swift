import Engine
import Foundation
import Testing

/// Strings a hostile file carries (a `general.name` that retitles the terminal, a tensor name
/// that clears the screen): whatever lenscribe prints of them has its controls escaped.
@Suite struct GGUFHostileTextTests {
  typealias B = GGUFBuilder

  /// An OSC that retitles the window, a CSI that clears the screen, an 8-bit CSI and a bidi
  /// override: each one makes a terminal do something, or reorders what it shows.
  static let hostile = "evil\u{1B}]0;pwned\u{7}\u{1B}[2J\u{9B}31m\u{202E}end\n"
  /// `hostile` as it is printed.
  static let escaped = "evil\\u{1B}]0;pwned\\u{7}\\u{1B}[2J\\u{9B}31m\\u{202E}end\\n"

  /// Whether `text` holds a control character or a bidi control a terminal would act on.
  static func hasControls(_ text: String, allowingLineBreaks: Bool = false) -> Bool {
    text.unicodeScalars.contains { scalar in
      if allowingLineBreaks, scalar == "\n" { return false }
      return scalar.properties.generalCategory == .control
        || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }
  }

  @Test func anErrorQuotesATensorNameWithItsControlsEscaped() throws {
    var builder = B.sample()
    builder.addF32Tensor(Self.hostile, dims: [1], values: [1])
    builder.addF32Tensor(Self.hostile, dims: [1], values: [2])
    let message = try #require(
      #expect(throws: GGUFError.self) { try B.parse(builder.bytes()) }
    ).description
    #expect(!Self.hasControls(message), "\(message.debugDescription)")
    #expect(message == "test.gguf: tensor '\(Self.escaped)' appears twice (the file is corrupt)")
  }

  @Test func theInspectReportShowsTheFilesStringsWithTheirControlsEscaped() throws {
    var builder = B.sample()
    builder.add("general.name", type: 8, B.string(Self.hostile))
    builder.add("x.\u{1B}[31mkey", type: 8, B.string("value\u{1B}[0m"))
    builder.addF32Tensor("t\u{1B}[1m.weight", dims: [1], values: [1])
    let text = GGUFSummary(try B.parse(builder.bytes())).text
    #expect(!Self.hasControls(text, allowingLineBreaks: true), "\(text.debugDescription)")
    #expect(text.contains("architecture: llama, name: \(Self.escaped)\n"))
    #expect(text.contains("  x.\\u{1B}[31mkey = \"value\\u{1B}[0m\"\n"))
    #expect(text.contains("\nt\\u{1B}[1m.weight  [1]  "))
  }
}
