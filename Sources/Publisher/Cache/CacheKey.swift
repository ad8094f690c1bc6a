import Engine
import Foundation

/// What a cached figure depends on; its hash names the cache entry.
///
/// `code` is the digest of the code that made the figure (`CodeIdentity.current`), so a figure
/// made by other code is never served: the cache cannot publish what today's code would not.
public struct CacheKey: Codable, Equatable, Sendable {
  /// One model a request reads, by name and content.
  public struct Model: Codable, Equatable, Sendable {
    public var name: String
    public var sha256: String

    /// A model by name and SHA-256.
    public init(name: String, sha256: String) {
      self.name = name
      self.sha256 = sha256
    }
  }

  /// The models read, by content.
  public var models: [Model]
  /// The tuned lenses read, by the model they belong to and their file's content (nil when
  /// the block reads none, so that the keys of other blocks do not change with the field).
  public var lenses: [Model]?
  /// The request.
  public var request: LensRequest
  /// The code that makes the figure: `CodeIdentity.current`.
  public var code: String

  /// The key of `request` run by the code `code` on `models`.
  public init(
    models: [Model], request: LensRequest, code: String = CodeIdentity.current,
    lenses: [Model] = []
  ) {
    self.models = models
    self.lenses = lenses.isEmpty ? nil : lenses
    self.request = request
    self.code = code
  }

  /// Lowercase hex SHA-256 of the key's canonical JSON.
  public var hash: String {
    Hashing.sha256((try? CanonicalJSON.data(self)) ?? Data())
  }

  /// Lowercase hex SHA-256 of what the block asks for (models and request), without the code:
  /// the figure's SVG ids derive from it, so they stay put when only the code changes.
  public var contentHash: String {
    struct Content: Codable {
      var models: [Model]
      var request: LensRequest
    }
    return Hashing.sha256(
      (try? CanonicalJSON.data(Content(models: models, request: request))) ?? Data())
  }

  /// What differs from `old`, in words (`the prompt`, `the model file`), for `--explain`.
  public func differences(from old: CacheKey) -> [String] {
    var result: [String] = []
    if request.analysis != old.request.analysis { result.append("the analysis") }
    if code != old.code {
      result.append("lenscribe's code (\(old.code.prefix(12)) → \(code.prefix(12)))")
    }
    if request.model != old.request.model {
      result.append("the model (\(old.request.model) → \(request.model))")
    } else if models != old.models {
      result.append("the model file's content")
    }
    if lenses != old.lenses { result.append("the tuned lens's translators") }
    if request.prompt != old.request.prompt { result.append("the prompt") }
    let keys = Set(request.options.keys).union(old.request.options.keys).sorted()
    for key in keys where request.options[key] != old.request.options[key] {
      result.append("option '\(key)'")
    }
    return result
  }
}
