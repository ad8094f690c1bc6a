import Engine
import Foundation
import Registry

/// How a build runs.
public struct BuildOptions {
  /// Build drafts too (and list them).
  public var drafts = false
  /// Run every lens block again, ignoring cached results.
  public var force = false
  /// The renderers for lens blocks.
  public var renderers: LensRenderers = .standard
  /// Turns a model name (registry name or path) into a file path; fetches registry models.
  public var resolveModel: (String) throws -> String
  /// Progress lines (which post, which block, which model).
  public var log: (String) -> Void
  /// The code that makes figures, part of every cache key (tests set it to act out a change
  /// of code).
  public var codeIdentity = CodeIdentity.current

  /// Options with the standard model store and renderers; quiet unless given a log.
  public init(
    drafts: Bool = false, force: Bool = false, renderers: LensRenderers = .standard,
    log: @escaping @Sendable (String) -> Void = { _ in }
  ) {
    self.drafts = drafts
    self.force = force
    self.renderers = renderers
    self.log = log
    // Fetching a registry model reports its progress through the same log.
    self.resolveModel = { name in try ModelStore.standard().resolve(name, log: log) }
  }
}

/// What happened to one lens block in a build.
public struct BlockRun: Equatable, Sendable, CustomStringConvertible {
  /// Whether the figure came from the cache or was made.
  public enum Outcome: Equatable, Sendable {
    /// Taken from the cache entry with this hash.
    case reused(String)
    /// Made by its renderer, for this reason.
    case ran(String)
  }

  /// The post file.
  public let file: String
  /// The block's fence line.
  public let line: Int
  /// The analysis.
  public let analysis: String
  /// What happened.
  public let outcome: Outcome

  /// Whether the block ran.
  public var ran: Bool {
    if case .ran = outcome { return true }
    return false
  }

  public var description: String {
    switch outcome {
    case .reused(let hash):
      "\(file):\(line): \(analysis) reused (unchanged; cache entry \(hash.prefix(12)))"
    case .ran(let reason):
      "\(file):\(line): \(analysis) ran (\(reason))"
    }
  }
}

/// What a build did.
public struct BuildReport: Sendable {
  /// The slugs of the posts built, newest first.
  public var posts: [String]
  /// Every lens block of those posts, in build order.
  public var blocks: [BlockRun]
  /// How many files the site has.
  public var fileCount: Int
  /// The model files the blocks read, by name.
  public var models: [ModelFile] = []

  /// How many blocks ran.
  public var ranCount: Int { blocks.filter(\.ran).count }
  /// How many blocks came from the cache.
  public var reusedCount: Int { blocks.count - ranCount }
}
