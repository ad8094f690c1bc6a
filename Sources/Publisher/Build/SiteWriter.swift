import Foundation

/// Puts a built site in place: everything is written to a fresh folder beside the output, which
/// then replaces the output by renaming. A build that fails leaves the last good site as it was,
/// and files the build no longer makes are gone.
enum SiteWriter {
  /// Writes `tree` as the folder `output`, replacing what was there.
  static func write(_ tree: OutputTree, to output: URL) throws(PublishError) {
    let manager = FileManager.default
    try checkReplaceable(output)
    let parent = output.deletingLastPathComponent()
    // Unique names: a build killed half-way leaves its staging folder, which the next one
    // removes; two writers never share one.
    let unique = UUID().uuidString.prefix(8)
    let staging = parent.appendingPathComponent(".\(output.lastPathComponent).new-\(unique)")
    let old = parent.appendingPathComponent(".\(output.lastPathComponent).old-\(unique)")
    removeLeftovers(of: output)
    do {
      try manager.createDirectory(at: staging, withIntermediateDirectories: true)
      for path in tree.paths {
        let target = staging.appendingPathComponent(path)
        try manager.createDirectory(
          at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        switch tree.files[path]! {
        case .bytes(let data): try data.write(to: target)
        // The bytes, never a link: copyItem would copy a link as a link.
        case .copy(let source):
          try manager.copyItem(at: source.resolvingSymlinksInPath(), to: target)
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

  /// Refuses to replace an output that lenscribe did not make as a folder: a link (the build
  /// would write through it, or drop it) or a regular file.
  static func checkReplaceable(_ output: URL) throws(PublishError) {
    var info = stat()
    guard lstat(output.path, &info) == 0 else { return }
    switch info.st_mode & S_IFMT {
    case S_IFDIR: return
    case S_IFLNK: throw .outputNotAFolder(path: output.path, what: "a link")
    default: throw .outputNotAFolder(path: output.path, what: "a file")
    }
  }

  /// Removes staging and old folders that killed builds left beside `output`.
  private static func removeLeftovers(of output: URL) {
    let parent = output.deletingLastPathComponent()
    let names = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
    for name in names
    where name.hasPrefix(".\(output.lastPathComponent).new")
      || name.hasPrefix(".\(output.lastPathComponent).old")
    {
      try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
    }
  }
}
