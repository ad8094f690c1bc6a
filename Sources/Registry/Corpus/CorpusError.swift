/// What can go wrong when fetching, decoding or reading the training corpus.
public enum CorpusError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A program the fetch spawns (curl, tar, xz) is not installed.
  case toolMissing(tool: String, package: String)
  /// curl ran but could not download the package.
  case downloadFailed(url: String, detail: String)
  /// The downloaded package is not the one expected; nothing was stored.
  case checksumMismatch(url: String, expected: String, actual: String, size: Int)
  /// The package is not the `ar` archive a .deb is, or lacks a member.
  case malformedPackage(String)
  /// tar could not take the lazy-load database out of the package's data archive.
  case extractionFailed(String)
  /// The lazy-load database (or a compressed stream or R serialization in it) is not what it
  /// should be; raised for truncated, lying or hostile bytes instead of reading past them.
  case malformedDatabase(String)
  /// The database has no object of this name.
  case missingVariable(String)
  /// The corpus folder could not be written.
  case cacheUnwritable(path: String, reason: String)

  public var description: String {
    switch self {
    case .toolMissing(let tool, let package):
      "cannot run \(tool) to fetch the corpus; install it (apt-get install \(package)) and try again"
    case .downloadFailed(let url, let detail):
      "could not download \(url): \(detail); check the network connection and try again"
    case .checksumMismatch(let url, let expected, let actual, let size):
      "the file downloaded from \(url) (\(size) bytes, SHA-256 \(actual)) is not the expected one "
        + "(SHA-256 \(expected)); nothing was stored, try again later"
    case .malformedPackage(let detail):
      "the corpus package is not a readable .deb: \(detail)"
    case .extractionFailed(let detail):
      "could not extract the corpus from the package: \(detail)"
    case .malformedDatabase(let detail):
      "the corpus's R lazy-load database cannot be read: \(detail)"
    case .missingVariable(let name):
      "the corpus's R lazy-load database has no object named '\(name)'"
    case .cacheUnwritable(let path, let reason):
      "cannot write the corpus cache \(path): \(reason); set XDG_CACHE_HOME to a writable folder"
    }
  }
}
