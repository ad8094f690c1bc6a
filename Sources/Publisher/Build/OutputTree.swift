import Foundation

/// The files of a built site, by path relative to the output folder, before they are written.
public struct OutputTree: Sendable {
  /// One file's content.
  public enum Content: Sendable, Equatable {
    /// Bytes made by the build.
    case bytes(Data)
    /// A file copied as is (an asset).
    case copy(URL)
  }

  /// Every file, by relative path (`posts/hello/index.html`).
  public private(set) var files: [String: Content] = [:]

  /// An empty tree.
  public init() {}

  /// Adds a text file (UTF-8).
  public mutating func add(_ path: String, text: String) {
    files[path] = .bytes(Data(text.utf8))
  }

  /// Adds a file of bytes.
  public mutating func add(_ path: String, data: Data) {
    files[path] = .bytes(data)
  }

  /// Adds a file copied from `source`.
  public mutating func add(_ path: String, copying source: URL) {
    files[path] = .copy(source)
  }

  /// The paths, sorted.
  public var paths: [String] { files.keys.sorted() }

  /// The text of a file the build made (nil for copies and unknown paths).
  public func text(_ path: String) -> String? {
    guard case .bytes(let data) = files[path] else { return nil }
    return String(decoding: data, as: UTF8.self)
  }

  /// Whether the tree has a file at `path`.
  public func contains(_ path: String) -> Bool { files[path] != nil }

  /// The files of an existing folder (for `lenscribe check`): hidden files included.
  public static func reading(_ folder: URL) throws(PublishError) -> OutputTree {
    var tree = OutputTree()
    let base = folder.standardizedFileURL.path
    guard let walker = FileManager.default.enumerator(atPath: base) else {
      throw .notBuilt(path: folder.path)
    }
    while let relative = walker.nextObject() as? String {
      let url = URL(fileURLWithPath: base).appendingPathComponent(relative)
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder),
        !isFolder.boolValue
      else { continue }
      if relative.hasSuffix(".html") || relative.hasSuffix(".xml") {
        do {
          tree.add(relative, data: try Data(contentsOf: url))
        } catch {
          throw .unreadable(path: url.path, reason: error.localizedDescription)
        }
      } else {
        tree.add(relative, copying: url)
      }
    }
    return tree
  }
}
