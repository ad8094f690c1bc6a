import Engine
import Foundation

/// The code that makes cached results, identified by the bytes of the running executable.
///
/// Every module (engine, analyses, figures, publisher) is linked into the executable, so any
/// change that could change an output byte makes a new executable and so new cache keys: no
/// version string for a person to remember to bump. A rebuild with no source change may give
/// the same bytes or not; at worst the cache misses once.
public enum CodeIdentity {
  /// SHA-256 of the running executable, computed once per process.
  public static let current: String = {
    for path in ["/proc/self/exe", Bundle.main.executablePath, CommandLine.arguments.first].compactMap({ $0 }) {
      if let digest = try? FileDigest.sha256(path: path) { return digest }
    }
    // No readable executable: a key that matches nothing, so nothing is ever reused.
    return "unidentified-" + UUID().uuidString
  }()
}
