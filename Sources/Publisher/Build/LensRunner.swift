import Analysis
import Engine
import Foundation
import Registry

/// Gets each lens block its figure: checks all blocks first, resolves their models once, takes
/// each result from the cache or runs its analysis, then draws every figure afresh.
struct LensRunner {
  let site: SiteSources
  let options: BuildOptions
  let cache: ResultCache
  let digests: ModelDigests
  var ledger: BlockLedger
  let memo = BuildMemo()
  let tunedLenses = TunedLensTraining.standard()
  /// The translator file digests of this build, by model SHA-256 (each file is hashed once).
  private var lensDigests: [String: String] = [:]
  private(set) var runs: [BlockRun] = []
  /// The cache entries (key hashes) this build used or made.
  private(set) var usedEntries: Set<String> = []

  init(site: SiteSources, options: BuildOptions) {
    self.site = site
    self.options = options
    let cacheFolder = site.folder.appendingPathComponent(".cache")
    cache = ResultCache(folder: cacheFolder.appendingPathComponent("lens"))
    digests = ModelDigests(
      file: cacheFolder.appendingPathComponent("model-digests.json"), remembering: !options.force)
    ledger = BlockLedger(file: cacheFolder.appendingPathComponent("blocks.json"))
  }

  /// The request of `block` in `post`, its model resolved from block, post, site or default.
  func request(for block: LensBlock, in post: Post) -> LensRequest {
    LensRequest(
      analysis: block.analysis,
      model: block.model ?? post.frontMatter.model ?? site.config.defaultModel
        ?? RegistryModel.defaultModel.name,
      prompt: block.prompt, options: block.options)
  }

  /// The figures of `posts`, one array per post in the same order.
  mutating func figures(for posts: [Post]) throws(PublishError) -> [[PlacedFigure]] {
    let renderers = try validate(posts)
    let models = try resolveModels(posts, renderers: renderers)
    var result: [[PlacedFigure]] = []
    for post in posts {
      var placed: [PlacedFigure] = []
      // Two identical blocks make the same figure; a page that inlines both (`--single-file`)
      // needs their SVG ids to differ, so a repeat gets its occurrence number in its prefix.
      var prefixesUsed: [String: Int] = [:]
      for (index, block) in post.blocks.enumerated() {
        let request = self.request(for: block, in: post)
        let renderer = renderers[block.analysis]!
        let names = renderer.modelNames(for: request)
        let key = CacheKey(
          models: names.map { CacheKey.Model(name: $0, sha256: models[$0]!.sha256) },
          request: request, code: options.codeIdentity,
          lenses: renderer.lensNames(for: request).map { name in
            CacheKey.Model(name: name, sha256: lensDigest(model: models[name]!.sha256))
          })
        let identity = BlockLedger.identity(of: block, index: index)
        let blockModels = models.filter { names.contains($0.key) }
        let prefix = "f" + key.contentHash.prefix(8)
        let occurrence = prefixesUsed[prefix, default: 0] + 1
        prefixesUsed[prefix] = occurrence
        let context = FigureContext(
          idPrefix: occurrence == 1 ? prefix : "\(prefix)-\(occurrence)", models: blockModels)
        let figure: LensFigure
        if !options.force, let cached = cache.result(for: key),
          let drawn = try? draw(renderer, cached, request, block: block, in: context)
        {
          figure = drawn
          runs.append(
            BlockRun(
              file: post.file, line: block.line, analysis: block.analysis.rawValue,
              outcome: .reused(key.hash)))
        } else {
          let reason = self.reason(for: key, identity: identity)
          options.log(
            "\(post.file): block \(index + 1) of \(post.blocks.count) (\(block.analysis.rawValue))")
          let result = try run(renderer, request, block: block, models: blockModels)
          figure = try draw(renderer, result, request, block: block, in: context)
          try cache.store(result, for: key)
          runs.append(
            BlockRun(
              file: post.file, line: block.line, analysis: block.analysis.rawValue,
              outcome: .ran(reason)))
        }
        ledger.record(key, for: identity)
        usedEntries.insert(key.hash)
        placed.append(
          PlacedFigure(
            block: block, figure: figure, request: request, models: names.map { models[$0]! },
            number: index + 1))
      }
      result.append(placed)
    }
    try digests.save()
    return result
  }

  /// Writes the ledger of this build's keys (call once the build succeeded).
  func saveLedger() throws(PublishError) { try ledger.save() }

  /// Removes the cache entries this build did not use, so that `SITE/.cache` holds only the
  /// results of the current posts. Skipped when drafts were left out of the build (their
  /// results stay for the next `--drafts` build). Returns how many entries were removed.
  func pruneCache() -> Int {
    guard options.drafts || !site.posts.contains(where: \.frontMatter.draft) else { return 0 }
    return cache.prune(keeping: usedEntries)
  }

  /// Checks every block of `posts` before anything runs; returns the renderers they need.
  private func validate(_ posts: [Post]) throws(PublishError) -> [AnalysisKind: any LensRenderer] {
    var errors: [SourceError] = []
    var renderers: [AnalysisKind: any LensRenderer] = [:]
    for post in posts {
      for block in post.blocks {
        guard let renderer = options.renderers.renderer(for: block.analysis) else {
          let available = options.renderers.available.map(\.rawValue)
          let known = available.isEmpty ? "none" : available.joined(separator: ", ")
          errors.append(
            SourceError(
              file: block.file, line: block.line(of: "analysis"),
              message: block.analysis.rawValue.isEmpty
                ? "the lens block lacks `analysis:` (one of \(known))"
                : "unknown analysis '\(block.analysis.rawValue)' (known: \(known))"))
          continue
        }
        if renderer.needsPrompt, block.prompt?.isEmpty ?? true {
          errors.append(
            SourceError(
              file: block.file, line: block.line(of: block.prompt == nil ? nil : "prompt"),
              message: "analysis '\(block.analysis.rawValue)' needs a `prompt:` (the text to run "
                + "through the model)"))
          continue
        }
        renderers[block.analysis] = renderer
        do {
          try renderer.validate(request(for: block, in: post))
        } catch {
          errors.append(
            SourceError(file: block.file, line: block.line(of: error.key), message: error.message))
        }
      }
    }
    guard errors.isEmpty else { throw .sourceErrors(errors.sortedByLocation()) }
    return renderers
  }

  /// Every model the blocks read, resolved to a file and hashed once.
  private func resolveModels(
    _ posts: [Post], renderers: [AnalysisKind: any LensRenderer]
  ) throws(PublishError) -> [String: ModelFile] {
    var firstUse: [String: LensBlock] = [:]
    for post in posts {
      for block in post.blocks {
        for name in renderers[block.analysis]!.modelNames(for: request(for: block, in: post))
        where firstUse[name] == nil {
          firstUse[name] = block
        }
      }
    }
    var models: [String: ModelFile] = [:]
    var errors: [SourceError] = []
    for name in firstUse.keys.sorted() {
      let block = firstUse[name]!
      options.log("model \(name): finding the file and its SHA-256")
      do {
        let path = try options.resolveModel(pathInSite(name))
        let sha = try RegistryModel.named(name).map(\.sha256) ?? digests.sha256(path: path)
        models[name] = ModelFile(name: name, path: path, sha256: sha)
      } catch {
        errors.append(
          SourceError(
            file: block.file, line: block.line(of: block.model == nil ? nil : "model"),
            message: "\(error)"))
      }
    }
    guard errors.isEmpty else { throw .sourceErrors(errors.sortedByLocation()) }
    return models
  }

  /// A model name that is a relative path is relative to the site folder.
  private func pathInSite(_ name: String) -> String {
    guard RegistryModel.named(name) == nil, !name.hasPrefix("/") else { return name }
    let inSite = site.folder.appendingPathComponent(name).path
    return FileManager.default.fileExists(atPath: inSite) ? inSite : name
  }

  /// The SHA-256 of the tuned lens lens blocks use for the model of SHA-256 `model`, or "not
  /// fitted" (then the block's run says how to fit one).
  private mutating func lensDigest(model: String) -> String {
    if let known = lensDigests[model] { return known }
    let digest = tunedLenses.defaultLensDigest(model: model) ?? "not fitted"
    lensDigests[model] = digest
    return digest
  }

  /// Why the block with `key` has to run.
  private func reason(for key: CacheKey, identity: String) -> String {
    if options.force { return "--force" }
    guard let old = ledger.previousKey(of: identity) else { return "new block, no cached result" }
    let changes = key.differences(from: old)
    if changes.isEmpty { return "its cached result is missing" }
    return "changed: " + changes.joined(separator: ", ")
  }

  /// Runs one renderer's analysis; returns its result as canonical JSON.
  private func run(
    _ renderer: any LensRenderer, _ request: LensRequest, block: LensBlock,
    models: [String: ModelFile]
  ) throws(PublishError) -> String {
    let environment = LensEnvironment(
      models: models, memo: memo, log: options.log, tunedLenses: tunedLenses)
    do {
      return try renderer.resultJSON(for: request, in: environment)
    } catch let error as LensOptionError {
      throw Self.failure(error.message, block: block, key: error.key)
    } catch {
      throw Self.failure("analysis '\(block.analysis.rawValue)' failed: \(error)", block: block)
    }
  }

  /// Draws one block's figure from its result and checks that it is one.
  private func draw(
    _ renderer: any LensRenderer, _ result: String, _ request: LensRequest, block: LensBlock,
    in context: FigureContext
  ) throws(PublishError) -> LensFigure {
    let name = block.analysis.rawValue
    let figure: LensFigure
    do {
      figure = try renderer.figure(fromJSON: result, for: request, in: context)
    } catch let error as LensOptionError {
      throw Self.failure(error.message, block: block, key: error.key)
    } catch {
      throw Self.failure("analysis '\(name)' could not draw its figure: \(error)", block: block)
    }
    guard figure.svg.contains("<svg"), figure.svg.contains("</svg>") else {
      throw Self.failure(
        "analysis '\(name)' returned no SVG figure (a bug in lenscribe; please report it)",
        block: block)
    }
    guard (try? JSONSerialization.jsonObject(with: Data(figure.data.utf8))) != nil else {
      throw Self.failure(
        "analysis '\(name)' returned data that is not JSON (a bug in lenscribe; please report it)",
        block: block)
    }
    return figure
  }

  /// A build error at `block` (at its line of `key` when given).
  private static func failure(_ message: String, block: LensBlock, key: String? = nil)
    -> PublishError
  {
    .sourceErrors([SourceError(file: block.file, line: block.line(of: key), message: message)])
  }
}
