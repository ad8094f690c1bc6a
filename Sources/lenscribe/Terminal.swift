import Foundation

/// Where the command line writes progress: standard error, so standard output stays data.
enum Terminal {
  /// Writes one progress line to standard error.
  @Sendable static func progress(_ line: String) {
    FileHandle.standardError.write(Data(("lenscribe: " + line + "\n").utf8))
  }
}
