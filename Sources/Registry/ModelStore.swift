import Engine
import Foundation

/// The local cache of registry models, and how `--model` values become file paths.
///
/// Models live in `$XDG_CACHE_HOME/lenscribe/models` (default `~/.cache/lenscribe/models`),
/// each under its registry file name, written only after its SHA-256 checked out. A stored
/// file is hashed again before use whenever it is not the file that was last verified (its
/// `FileIdentity` differs), so a changed file is never used under the registry's digest.
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

  /// Where the identities of verified files are remembered.
  var verifiedList: URL { directory.appendingPathComponent(".verified.json") }

  /// Whether a file of `model`'s size is in place (its bytes are checked by `verify`).
  public func isFetched(_ model: RegistryModel) -> Bool {
    // stat, not lstat: a model linked into the cache from another disk counts.
    FileIdentity(path: location(of: model).path)?.size == Int64(model.size)
  }

  /// The file a `--model` value names: an existing path, or a registry model (fetched first
  /// if it is not in the cache yet, with progress on `log`).
  public func resolve(_ value: String, log: @escaping @Sendable (String) -> Void = { _ in }) throws -> String {
    if let model = RegistryModel.named(value) {
      if !isFetched(model) {
        log("\(model.name) is not in the cache yet; fetching it first")
        try ModelFetcher(store: self, log: log).fetch(model)
      } else {
        try verify(model, log: log)
      }
      return location(of: model).path
    }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: value, isDirectory: &isDirectory), !isDirectory.boolValue {
      return value
    }
    throw RegistryError.unknownModel(value, known: RegistryModel.all.map(\.name))
  }

  /// How `verify` knew the stored file is the registry's.
  public enum Verification: Equatable, Sendable {
    /// The file is the one verified before (same identity); not read again.
    case remembered
    /// The file was hashed now and matched.
    case hashed
  }

  /// Checks that the stored file of `model` has the registry's SHA-256: hashed once, then
  /// remembered by its `FileIdentity` until the file changes.
  @discardableResult
  public func verify(
    _ model: RegistryModel, log: @Sendable (String) -> Void = { _ in }
  ) throws(RegistryError) -> Verification {
    let path = location(of: model).path
    guard let identity = FileIdentity(path: path) else {
      throw .changedInCache(model: model.name, path: path, detail: "it cannot be read")
    }
    if readVerified()[model.fileName] == identity { return .remembered }
    log("\(model.name): checking the SHA-256 of \(path)")
    let digest: String
    do {
      digest = try FileDigest.sha256(path: path)
    } catch {
      throw .changedInCache(model: model.name, path: path, detail: "\(error)")
    }
    guard digest == model.sha256 else {
      throw .changedInCache(
        model: model.name, path: path, detail: "its SHA-256 is now \(digest)")
    }
    remember(identity, of: model)
    return .hashed
  }

  /// Records that the file of `model` was just checked (by the fetcher, which hashed it).
  func rememberVerified(_ model: RegistryModel) {
    guard let identity = FileIdentity(path: location(of: model).path) else { return }
    remember(identity, of: model)
  }

  /// Best effort: a cache that cannot remember only costs a hash next time.
  private func remember(_ identity: FileIdentity, of model: RegistryModel) {
    var verified = readVerified()
    verified[model.fileName] = identity
    try? AtomicFile.write(CanonicalJSON.data(verified), to: verifiedList)
  }

  private func readVerified() -> [String: FileIdentity] {
    let data = try? Data(contentsOf: verifiedList)
    return data.flatMap { try? JSONDecoder().decode([String: FileIdentity].self, from: $0) } ?? [:]
  }
}
