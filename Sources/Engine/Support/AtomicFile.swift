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
