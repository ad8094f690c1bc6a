/// What a renderer's `run` gets besides its block: the build's model files and a memo shared by
/// every block of the build (load a model once, run a prompt once).
public final class LensEnvironment {
  /// The models of `LensRenderer.models(for:)`, by the name the request uses.
  public let models: [String: ModelFile]
  /// Values shared across the blocks of one build.
  public let memo: BuildMemo
  /// The build's log, for progress on long work.
  public let log: (String) -> Void
  /// Where tuned lenses are found.
  public let tunedLenses: TunedLensTraining

  /// An environment.
  public init(
    models: [String: ModelFile], memo: BuildMemo = BuildMemo(),
    log: @escaping (String) -> Void = { _ in },
    tunedLenses: TunedLensTraining = .standard()
  ) {
    self.models = models
    self.memo = memo
    self.log = log
    self.tunedLenses = tunedLenses
  }

  /// The model file of `name`; the build resolved every name `models(for:)` returned.
  public func model(_ name: String) throws(LensOptionError) -> ModelFile {
    guard let file = models[name] else {
      throw LensOptionError(key: "model", "model '\(name)' was not resolved for this block")
    }
    return file
  }
}

/// Values computed once per build and shared by the blocks that need them (a loaded model, a
/// forward pass), keyed by a string the renderers agree on.
public final class BuildMemo {
  private var values: [String: Any] = [:]

  /// An empty memo.
  public init() {}

  /// The value stored under `key`, made by `make` the first time it is asked for.
  public func value<T>(_ key: String, as type: T.Type = T.self, make: () throws -> T) rethrows -> T
  {
    if let value = values[key] as? T { return value }
    let value = try make()
    values[key] = value
    return value
  }

  /// The value stored under `key`, if one was made.
  public func existing<T>(_ key: String, as type: T.Type = T.self) -> T? {
    values[key] as? T
  }

  /// Forgets the value under `key` (one that a larger value now serves).
  public func remove(_ key: String) {
    values[key] = nil
  }

  /// How many values the memo holds.
  public var count: Int { values.count }
}
