/// A model file a build uses, identified by content.
public struct ModelFile: Hashable, Sendable, Codable {
  /// The name lens blocks use for it (registry name or path as written).
  public var name: String
  /// Where the GGUF file is on this machine (never written into pages).
  public var path: String
  /// The file's SHA-256, lowercase hex.
  public var sha256: String

  /// A model file.
  public init(name: String, path: String, sha256: String) {
    self.name = name
    self.path = path
    self.sha256 = sha256
  }

  /// The file's name without its folder: what pages show.
  public var fileName: String {
    path.split(separator: "/").last.map(String.init) ?? path
  }
}
