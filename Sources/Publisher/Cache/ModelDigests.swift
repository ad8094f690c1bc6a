import Engine
import Foundation

/// SHA-256 of model files, computed once per file and remembered by path, size and modification
/// time in `SITE/.cache/model-digests.json`.
public final class ModelDigests {
  /// What is remembered of one file.
  struct Entry: Codable, Equatable {
    var size: Int
    var modified: Double
    var sha256: String
  }

  private let file: URL
  private var entries: [String: Entry]
  private var changed = false
  /// How many files were hashed (not found in the memory); for tests and `--explain`.
  public private(set) var hashed = 0

  /// The memory kept in `file` (empty when the file does not exist or does not parse).
  public init(file: URL) {
    self.file = file
    entries = (try? JSONDecoder().decode([String: Entry].self, from: Data(contentsOf: file))) ?? [:]
  }

  /// The SHA-256 of the file at `path`: remembered when its size and modification time are the
  /// ones seen when it was hashed, computed otherwise.
  public func sha256(path: String) throws(PublishError) -> String {
    // Remembered by the file itself, not by a link to it: a link keeps its own size and date
    // when the file it points to changes.
    let absolute = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    let attributes: [FileAttributeKey: Any]
    do {
      attributes = try FileManager.default.attributesOfItem(atPath: absolute)
    } catch {
      throw .unreadable(path: path, reason: error.localizedDescription)
    }
    let size = (attributes[.size] as? NSNumber)?.intValue ?? -1
    let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
    if let entry = entries[absolute], entry.size == size, entry.modified == modified {
      return entry.sha256
    }
    let digest: String
    do {
      digest = try FileDigest.sha256(path: absolute)
    } catch {
      throw .unreadable(path: path, reason: error.localizedDescription)
    }
    hashed += 1
    entries[absolute] = Entry(size: size, modified: modified, sha256: digest)
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
