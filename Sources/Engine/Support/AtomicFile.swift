import Foundation

/// Writes files so that readers see the old content or the new, never half of one.
package enum AtomicFile {
  /// Writes `data` to a temporary file beside `url`, then renames it over `url`.
  package static func write(_ data: Data, to url: URL) throws {
    let temporary = temporaryURL(beside: url)
    do {
      try data.write(to: temporary)
      try replace(url, with: temporary)
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw error
    }
  }

  /// Writes a file too big to hold in memory: `body` writes it through a handle to a temporary
  /// file beside `url`, which is renamed over `url` only when `body` returns.
  package static func write(to url: URL, _ body: (FileHandle) throws -> Void) throws {
    let temporary = temporaryURL(beside: url)
    guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
      throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary.path])
    }
    do {
      let handle = try FileHandle(forWritingTo: temporary)
      defer { try? handle.close() }
      try body(handle)
      try handle.synchronize()
      try replace(url, with: temporary)
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw error
    }
  }

  /// A fresh path in `url`'s folder for a temporary file that will be renamed to `url`.
  package static func temporaryURL(beside url: URL) -> URL {
    url.deletingLastPathComponent().appendingPathComponent(
      ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UUID().uuidString).tmp")
  }

  /// Moves `temporary` to `url`, replacing whatever was there (rename(2): atomic on one volume).
  package static func replace(_ url: URL, with temporary: URL) throws {
    guard rename(temporary.path, url.path) == 0 else {
      throw CocoaError(
        .fileWriteUnknown,
        userInfo: [
          NSFilePathErrorKey: url.path,
          NSLocalizedDescriptionKey: String(cString: strerror(errno)),
        ])
    }
  }
}
