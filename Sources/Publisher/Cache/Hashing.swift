import Crypto
import Foundation

/// SHA-256 of bytes held in memory (files go through `FileDigest`).
enum Hashing {
  /// Lowercase hex SHA-256 of `data`.
  static func sha256(_ data: Data) -> String {
    SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
  }
}
