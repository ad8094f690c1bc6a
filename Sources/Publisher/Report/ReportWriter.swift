import Analysis
import Engine
import Foundation
import Registry

/// Writes a one-shot report for one prompt: a small site in a folder (`lenscribe.yml`,
/// `posts/SLUG.md` with a lens block for every available analysis) built into `public/` by the
/// normal site builder. On any error nothing is left half written: a new folder appears only
/// when its build succeeded, and in an earlier report folder the post is put back as it was.
public struct ReportWriter {
  /// The prompt, exactly as it is run.
  public var prompt: String
  /// A registry name or a path to a `.gguf` file.
  public var model: String
  /// The report folder (`./report` on the command line).
  public var folder: URL
  /// The post's date (front matter, index, feed); nil keeps the date of an earlier report on
  /// the same prompt and model in the folder, or takes today's (UTC).
  public var date: PostDate?
  /// How the build runs (renderers, model resolution, progress); `force` re-runs every block.
  public var options: BuildOptions
  /// The most memory, in bytes, the prompt's trace may take (half the machine's by default).
  public var memoryLimit: Double

  /// A report writer.
  public init(
    prompt: String, model: String = RegistryModel.defaultModel.name, folder: URL,
    date: PostDate? = nil, options: BuildOptions = BuildOptions()
  ) {
    self.prompt = prompt
    self.model = model
    self.folder = folder.standardizedFileURL
    self.date = date
    self.options = options
    memoryLimit = Double(TraceSize.defaultLimit)
  }

  /// What a report wrote.
  public struct Outcome: Sendable {
    /// The site's configuration, `DIR/lenscribe.yml`.
    public let config: URL
    /// The post's source, `DIR/posts/SLUG.md`.
    public let source: URL
    /// The built page, `DIR/public/posts/SLUG/index.html`.
    public let page: URL
    /// The analyses the post shows, in order.
    public let analyses: [AnalysisKind]
    /// The build's report (which blocks ran).
    public let build: BuildReport
  }

  /// Checks the prompt, the model and the folder, writes the post and builds the site.
  public func write() throws -> Outcome {
    guard !prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
      throw ReportError.emptyPrompt
    }
    if let scalar = ControlCharacters.first(in: prompt) {
      throw ReportError.controlCharacter(ControlCharacters.name(scalar))
    }
    let state = try ReportFolder.state(of: folder)
    options.log("model \(model): finding the file")
    let path = try options.resolveModel(model)
    let isRegistry = RegistryModel.named(model) != nil
    let absolute = URL(fileURLWithPath: path).standardizedFileURL
    let label = isRegistry ? model : absolute.deletingPathExtension().lastPathComponent
    let tokenCount = try checkPrompt(path: path, label: label)
    let (sections, leftOut) = chosenSections(tokenCount: tokenCount)
    let slug = ReportPost.slug(prompt: prompt, modelLabel: label)
    var post = ReportPost(
      prompt: prompt, model: isRegistry ? model : absolute.path, modelLabel: label,
      date: date ?? earlierDate(slug: slug) ?? Self.today(), sections: sections,
      leftOut: leftOut)
    let sha256 = try RegistryModel.named(model)?.sha256 ?? FileDigest.sha256(path: path)
    post.hasTunedLens = TunedLensTraining.standard().defaultLensDigest(model: sha256) != nil
    let build: BuildReport
    switch state {
    case .absent, .empty: build = try writeNew(post, replacingEmpty: state == .empty)
    case .report: build = try update(post)
    }
    return Outcome(
      config: folder.appendingPathComponent("lenscribe.yml"),
      source: folder.appendingPathComponent("posts/\(post.slug).md"),
      page: folder.appendingPathComponent("public/posts/\(post.slug)/index.html"),
      analyses: post.analyses, build: build)
  }

  /// The registry's analyses that have a report section and take the block made of the
  /// prompt alone, in the registry's order; those that need more than `tokenCount` prompt
  /// tokens are left out, with the reason the post gives.
  func chosenSections(tokenCount: Int) -> (
    sections: [(analysis: AnalysisKind, section: ReportSection)],
    leftOut: [(section: ReportSection, needs: Int)]
  ) {
    var sections: [(analysis: AnalysisKind, section: ReportSection)] = []
    var leftOut: [(section: ReportSection, needs: Int)] = []
    for renderer in options.renderers.all {
      guard let section = renderer.reportSection else { continue }
      if section.readsPrompt, tokenCount < renderer.minimumPromptTokens {
        options.log(
          "\(renderer.analysis.rawValue): left out (it needs at least "
            + "\(renderer.minimumPromptTokens) tokens; the prompt is \(tokenCount))")
        leftOut.append((section, renderer.minimumPromptTokens))
        continue
      }
      let block = ReportPost.block(renderer.analysis, section: section, prompt: prompt)
      let request = LensRequest(analysis: renderer.analysis, model: model, prompt: block["prompt"])
      do {
        try renderer.validate(request)
        sections.append((renderer.analysis, section))
      } catch {
        options.log("\(renderer.analysis.rawValue): left out (\(error))")
      }
    }
    return (sections, leftOut)
  }

  /// The date of the report `slug` already in the folder, if there is one that parses.
  private func earlierDate(slug: String) -> PostDate? {
    let file = folder.appendingPathComponent("posts/\(slug).md")
    guard let text = try? String(contentsOf: file, encoding: .utf8) else { return nil }
    return try? Post.parse(text, file: "posts/\(slug).md").frontMatter.date
  }

  /// Today's date in UTC.
  static func today() -> PostDate {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let parts = calendar.dateComponents([.year, .month, .day], from: Date())
    let text = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    return PostDate(text)!
  }

  /// The prompt's token count; throws when the prompt does not fit the model's context or
  /// its trace this machine.
  private func checkPrompt(path: String, label: String) throws -> Int {
    let file = try GGUFFile(path: path)
    let config = try ModelConfig(file: file)
    let tokenizer = try Tokenizer(file: file)
    let count = tokenizer.encode(prompt, bos: nil).count
    guard count <= config.contextLength else {
      throw ReportError.promptTooLong(tokens: count, context: config.contextLength, model: label)
    }
    // With attention: a report runs the attention analyses on every prompt of two tokens.
    let bytes = Double(TraceSize(config: config, tokens: count).total)
    guard bytes <= memoryLimit else {
      throw ReportError.promptTooLarge(tokens: count, bytes: bytes, available: memoryLimit)
    }
    return count
  }

  /// Writes a new report site beside `folder`, builds it, and moves it into place.
  private func writeNew(_ post: ReportPost, replacingEmpty: Bool) throws -> BuildReport {
    let manager = FileManager.default
    let parent = folder.deletingLastPathComponent()
    let staging = parent.appendingPathComponent(".\(folder.lastPathComponent).report-new")
    do {
      try manager.createDirectory(at: parent, withIntermediateDirectories: true)
      if manager.fileExists(atPath: staging.path) { try manager.removeItem(at: staging) }
      try manager.createDirectory(
        at: staging.appendingPathComponent("posts"), withIntermediateDirectories: true)
      try AtomicFile.write(
        Data(ReportFolder.config.utf8), to: staging.appendingPathComponent("lenscribe.yml"))
      try AtomicFile.write(
        Data(post.text.utf8), to: staging.appendingPathComponent("posts/\(post.slug).md"))
    } catch {
      try? manager.removeItem(at: staging)
      throw PublishError.unwritable(path: staging.path, reason: error.localizedDescription)
    }
    let report: BuildReport
    do {
      report = try SiteBuilder(folder: staging).build(options)
      if replacingEmpty { try manager.removeItem(at: folder) }
    } catch {
      try? manager.removeItem(at: staging)
      throw error
    }
    guard rename(staging.path, folder.path) == 0 else {
      let reason = String(cString: strerror(errno))
      try? manager.removeItem(at: staging)
      throw PublishError.unwritable(path: folder.path, reason: reason)
    }
    return report
  }

  /// Writes the post into an earlier report site and builds it; puts the post back on failure.
  private func update(_ post: ReportPost) throws -> BuildReport {
    let source = folder.appendingPathComponent("posts/\(post.slug).md")
    let previous = try? Data(contentsOf: source)
    do {
      try FileManager.default.createDirectory(
        at: source.deletingLastPathComponent(), withIntermediateDirectories: true)
      try AtomicFile.write(Data(post.text.utf8), to: source)
    } catch {
      throw PublishError.unwritable(path: source.path, reason: error.localizedDescription)
    }
    do {
      return try SiteBuilder(folder: folder).build(options)
    } catch {
      if let previous {
        try? AtomicFile.write(previous, to: source)
      } else {
        try? FileManager.default.removeItem(at: source)
      }
      throw error
    }
  }
}
