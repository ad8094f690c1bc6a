import Engine
import Foundation

/// What a cached figure depends on; its hash names the cache entry.
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

  /// `ToolVersion.current` when the figure was made.
  public var tool: String
  /// The models read, by content.
  public var models: [Model]
  /// The request.
  public var request: LensRequest
  /// The renderer's `codeVersion`.
  public var code: String

  /// The key of `request` run by code of `code` version on `models`.
  public init(
    tool: String = ToolVersion.current, models: [Model], request: LensRequest, code: String
  ) {
    self.tool = tool
    self.models = models
    self.request = request
    self.code = code
  }

  /// Lowercase hex SHA-256 of the key's canonical JSON.
  public var hash: String {
    Hashing.sha256((try? CanonicalJSON.data(self)) ?? Data())
  }

  /// What differs from `old`, in words (`the prompt`, `the model file`), for `--explain`.
  public func differences(from old: CacheKey) -> [String] {
    var result: [String] = []
    if tool != old.tool { result.append("lenscribe's version (\(old.tool) → \(tool))") }
    if request.analysis != old.request.analysis { result.append("the analysis") }
    if code != old.code {
      result.append("the \(request.analysis.rawValue) code (\(old.code) → \(code))")
    }
    if request.model != old.request.model {
      result.append("the model (\(old.request.model) → \(request.model))")
    } else if models != old.models {
      result.append("the model file's content")
    }
    if request.prompt != old.request.prompt { result.append("the prompt") }
    let keys = Set(request.options.keys).union(old.request.options.keys).sorted()
    for key in keys where request.options[key] != old.request.options[key] {
      result.append("option '\(key)'")
    }
    return result
  }
}
