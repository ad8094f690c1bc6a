import Crypto
import Foundation

/// SHA-256 of files, read in chunks so a multi-gigabyte model never sits in memory twice.
package enum FileDigest {
  /// Lowercase hex SHA-256 of the file at `path`.
  package static func sha256(path: String) throws -> String {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
    }
    defer { try? handle.close() }
    var hasher = SHA256()
    while let chunk = try handle.read(upToCount: 4 << 20), !chunk.isEmpty {
      hasher.update(data: chunk)
    }
    return hasher.finalize().map { String(format: "%02x", $0) }.joined()
  }

  /// Lowercase hex SHA-256 of `bytes`.
  package static func sha256(bytes: [UInt8]) -> String {
    SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
  }
}
