/// A problem in a site's source file, located by line: `posts/hello.md:12: message`.
public struct SourceError: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
  /// The file, relative to the site folder (`posts/hello.md`, `lenscribe.yml`).
  public let file: String
  /// The 1-based line the problem is on.
  public let line: Int
  /// What is wrong and what to do about it.
  public let message: String

  /// A problem at `file:line`.
  public init(file: String, line: Int, message: String) {
    self.file = file
    self.line = line
    self.message = message
  }

  public var description: String { "\(file):\(line): \(message)" }
}

extension Array where Element == SourceError {
  /// The errors sorted by file and line, so reports come out in reading order.
  func sortedByLocation() -> [SourceError] {
    sorted { ($0.file, $0.line, $0.message) < ($1.file, $1.line, $1.message) }
  }
}
