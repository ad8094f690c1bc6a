import Analysis

/// What a lens block asks for, without its presentation (caption, label): the part of a block
/// that decides its result, and so the part the cache key covers.
public struct LensRequest: Hashable, Sendable, Codable {
  /// The analysis to run.
  public var analysis: AnalysisKind
  /// The model as the block, its post or the site named it (registry name or path).
  public var model: String
  /// The prompt, for the analyses that take one.
  public var prompt: String?
  /// The block's other keys, checked by the analysis' renderer.
  public var options: [String: LensValue]

  /// A request.
  public init(
    analysis: AnalysisKind, model: String, prompt: String? = nil, options: [String: LensValue] = [:]
  ) {
    self.analysis = analysis
    self.model = model
    self.prompt = prompt
    self.options = options
  }
}

/// A problem with a lens block's options, found by its renderer; the publisher adds the file
/// and line (of `key` when given).
public struct LensOptionError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The option the problem is about, if it is about one.
  public let key: String?
  /// What is wrong and what to write instead.
  public let message: String

  /// A problem, optionally tied to one key of the block.
  public init(key: String? = nil, _ message: String) {
    self.key = key
    self.message = message
  }

  public var description: String { message }
}
