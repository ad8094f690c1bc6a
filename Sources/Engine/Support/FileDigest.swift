import Crypto
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// SHA-256 of files, read in chunks so a multi-gigabyte model never sits in memory twice.
package enum FileDigest {
  /// Lowercase hex SHA-256 of the file at `path`.
  /// Only regular files (links followed) are read: a FIFO would never end.
  package static func sha256(path: String) throws -> String {
    let fd = open(path, O_RDONLY | O_NONBLOCK)
    guard fd >= 0 else { throw FileDigestError(path: path, reason: String(cString: strerror(errno))) }
    var info = stat()
    guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
      close(fd)
      throw FileDigestError(path: path, reason: "it is not a regular file")
    }
    let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
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

/// A file that could not be hashed.
package struct FileDigestError: Error, CustomStringConvertible, LocalizedError {
  /// The file.
  package let path: String
  /// Why, in words.
  package let reason: String
  package var description: String { "cannot read \(path): \(reason)" }
  package var errorDescription: String? { description }
}
