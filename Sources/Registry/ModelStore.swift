import Foundation

/// The local cache of registry models, and how `--model` values become file paths.
///
/// Models live in `$XDG_CACHE_HOME/lenscribe/models` (default `~/.cache/lenscribe/models`),
/// each under its registry file name, written only after its SHA-256 checked out.
public struct ModelStore: Sendable {
  /// The folder that holds the fetched models.
  public let directory: URL

  /// A store in `directory`.
  public init(directory: URL) {
    self.directory = directory
  }

  /// The store in the standard cache location, from the environment.
  public static func standard(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> ModelStore {
    ModelStore(directory: cacheRoot(environment: environment).appendingPathComponent("models"))
  }

  /// `$XDG_CACHE_HOME/lenscribe`, or `~/.cache/lenscribe`.
  public static func cacheRoot(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> URL {
    if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
      return URL(fileURLWithPath: xdg).appendingPathComponent("lenscribe")
    }
    let home = environment["HOME"].map { URL(fileURLWithPath: $0) }
      ?? FileManager.default.homeDirectoryForCurrentUser
    return home.appendingPathComponent(".cache/lenscribe")
  }

  /// Where `model` is (or will be) stored.
  public func location(of model: RegistryModel) -> URL {
    directory.appendingPathComponent(model.fileName)
  }

  /// Whether `model` has been fetched (a file of the right size is in place; its hash was
  /// checked before it was moved there).
  public func isFetched(_ model: RegistryModel) -> Bool {
    let attributes = try? FileManager.default.attributesOfItem(atPath: location(of: model).path)
    return (attributes?[.size] as? NSNumber)?.intValue == model.size
  }

  /// The file a `--model` value names: an existing path, or a registry model (fetched first
  /// if it is not in the cache yet, with progress on `log`).
  public func resolve(_ value: String, log: @escaping @Sendable (String) -> Void = { _ in }) throws -> String {
    if let model = RegistryModel.named(value) {
      if !isFetched(model) {
        log("\(model.name) is not in the cache yet; fetching it first")
        try ModelFetcher(store: self, log: log).fetch(model)
      }
      return location(of: model).path
    }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: value, isDirectory: &isDirectory), !isDirectory.boolValue {
      return value
    }
    throw RegistryError.unknownModel(value, known: RegistryModel.all.map(\.name))
  }
}
