import Engine
import Foundation

/// Where the command line writes progress: standard error, so standard output stays data.
enum Terminal {
  /// Writes one progress line to standard error, with control characters escaped (its line
  /// breaks kept): progress names models and posts, whose text comes from files.
  @Sendable static func progress(_ line: String) {
    let text = TerminalText.escaped(line, keepingLineBreaks: true)
    FileHandle.standardError.write(Data(("lenscribe: " + text + "\n").utf8))
  }
}
