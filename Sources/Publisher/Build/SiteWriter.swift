import Foundation

/// Puts a built site in place: everything is written to a fresh folder beside the output, which
/// then replaces the output by renaming. A build that fails leaves the last good site as it was,
/// and files the build no longer makes are gone.
enum SiteWriter {
  /// Writes `tree` as the folder `output`, replacing what was there.
  static func write(_ tree: OutputTree, to output: URL) throws(PublishError) {
    let manager = FileManager.default
    let parent = output.deletingLastPathComponent()
    let staging = parent.appendingPathComponent(".\(output.lastPathComponent).new")
    let old = parent.appendingPathComponent(".\(output.lastPathComponent).old")
    do {
      for leftover in [staging, old] where manager.fileExists(atPath: leftover.path) {
        try manager.removeItem(at: leftover)
      }
      try manager.createDirectory(at: staging, withIntermediateDirectories: true)
      for path in tree.paths {
        let target = staging.appendingPathComponent(path)
        try manager.createDirectory(
          at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        switch tree.files[path]! {
        case .bytes(let data): try data.write(to: target)
        case .copy(let source): try manager.copyItem(at: source, to: target)
        }
      }
    } catch {
      try? manager.removeItem(at: staging)
      throw .unwritable(path: staging.path, reason: error.localizedDescription)
    }
    let hadOutput = manager.fileExists(atPath: output.path)
    if hadOutput, rename(output.path, old.path) != 0 {
      let reason = String(cString: strerror(errno))
      try? manager.removeItem(at: staging)
      throw .unwritable(path: output.path, reason: reason)
    }
    guard rename(staging.path, output.path) == 0 else {
      let reason = String(cString: strerror(errno))
      if hadOutput { _ = rename(old.path, output.path) }
      try? manager.removeItem(at: staging)
      throw .unwritable(path: output.path, reason: reason)
    }
    if hadOutput { try? manager.removeItem(at: old) }
  }
}
