import Engine
import Foundation

/// The cache key each lens block had in the last successful build, so `--explain` can say what
/// changed when a block runs again. Kept in `SITE/.cache/blocks.json`.
public struct BlockLedger {
  private let file: URL
  private var previous: [String: CacheKey]
  private var current: [String: CacheKey] = [:]

  /// The ledger kept in `file` (empty when it does not exist or does not parse).
  public init(file: URL) {
    self.file = file
    previous =
      (try? JSONDecoder().decode([String: CacheKey].self, from: Data(contentsOf: file))) ?? [:]
  }

  /// The identity of a block: its post and its label, or its position among the post's blocks.
  static func identity(of block: LensBlock, index: Int) -> String {
    block.file + "#" + (block.label.map { "label:\($0)" } ?? "block:\(index + 1)")
  }

  /// The key the block had last time.
  func previousKey(of identity: String) -> CacheKey? { previous[identity] }

  /// Records the block's key in this build.
  mutating func record(_ key: CacheKey, for identity: String) { current[identity] = key }

  /// Writes this build's keys (a successful build's only).
  func save() throws(PublishError) {
    do {
      try FileManager.default.createDirectory(
        at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
      try AtomicFile.write(CanonicalJSON.data(current), to: file)
    } catch {
      throw .unwritable(path: file.path, reason: error.localizedDescription)
    }
  }
}
