import Engine
import Foundation

/// SHA-256 of model files, computed once per file and remembered by path and `FileIdentity`
/// (device, inode, size, modification and status-change times) in
/// `SITE/.cache/model-digests.json`.
public final class ModelDigests {
  /// What is remembered of one file.
  struct Entry: Codable, Equatable {
    var identity: FileIdentity
    var sha256: String
  }

  private let file: URL
  private var entries: [String: Entry]
  private var changed = false
  /// How many files were hashed (not found in the memory); for tests and `--explain`.
  public private(set) var hashed = 0

  /// The memory kept in `file` (empty when the file does not exist or does not parse, or when
  /// `remembering` is false: `--force` hashes every model again).
  public init(file: URL, remembering: Bool = true) {
    self.file = file
    let kept = try? JSONDecoder().decode([String: Entry].self, from: Data(contentsOf: file))
    entries = remembering ? kept ?? [:] : [:]
    changed = !remembering
  }

  /// The SHA-256 of the file at `path`: remembered when the file is the one that was hashed
  /// (same `FileIdentity`), computed otherwise.
  public func sha256(path: String) throws(PublishError) -> String {
    // Remembered by the file itself, not by a link to it: a link keeps its own size and date
    // when the file it points to changes.
    let absolute = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    guard let identity = FileIdentity(path: absolute) else {
      throw .unreadable(path: path, reason: String(cString: strerror(errno)))
    }
    if let entry = entries[absolute], entry.identity == identity {
      return entry.sha256
    }
    let digest: String
    do {
      digest = try FileDigest.sha256(path: absolute)
    } catch {
      throw .unreadable(path: path, reason: error.localizedDescription)
    }
    hashed += 1
    // The identity from before the hash: a file changed while it was read is hashed next time.
    entries[absolute] = Entry(identity: identity, sha256: digest)
    changed = true
    return digest
  }

  /// Writes the memory back if it learnt something.
  public func save() throws(PublishError) {
    guard changed else { return }
    do {
      try FileManager.default.createDirectory(
        at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
      try AtomicFile.write(CanonicalJSON.data(entries), to: file)
    } catch {
      throw .unwritable(path: file.path, reason: error.localizedDescription)
    }
    changed = false
  }
}
