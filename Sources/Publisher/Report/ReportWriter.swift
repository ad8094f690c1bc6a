import Analysis
import Engine
import Foundation
import Formatting
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
  /// A corrupted version of the prompt, of the same token length, with another answer (one
  /// word changed): the report then has the sections that compare the two (patching). Nil:
  /// they are left out.
  public var corrupted: String?
  /// The most arithmetic, in floating-point operations, one analysis of a report may ask for
  /// (its `LensRenderer.reportWork` in token positions, times two per model parameter):
  /// 3e12, about a minute on two laptop cores. The interventions run the prompt once per head
  /// or layer and position, which on a 7B model would take the report from minutes to hours;
  /// they are then left out, and the post says so.
  public var workLimit: Double = 3e12

  /// A report writer.
  public init(
    prompt: String, model: String = RegistryModel.defaultModel.name, folder: URL,
    date: PostDate? = nil, corrupted: String? = nil, options: BuildOptions = BuildOptions()
  ) {
    self.prompt = prompt
    self.corrupted = corrupted
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
    let checked = try checkPrompt(path: path, label: label)
    let (sections, leftOut) = chosenSections(checked)
    let slug = ReportPost.slug(prompt: prompt, modelLabel: label)
    var post = ReportPost(
      prompt: prompt, model: isRegistry ? model : absolute.path, modelLabel: label,
      date: date ?? earlierDate(slug: slug) ?? Self.today(), sections: sections,
      leftOut: leftOut)
    post.corrupted = corrupted
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

  /// What the report knows of the model and the prompt before it writes anything.
  struct CheckedModel {
    let config: ModelConfig
    /// Weights in all the model's tensors.
    let parameters: Int
    /// The prompt's tokens.
    let tokenCount: Int
  }

  /// The registry's analyses that have a report section and take the block made of the
  /// prompt (and the corrupted prompt) alone, in the registry's order; those the prompt is too
  /// short for, that need a corrupted prompt the report was not given, or whose work is over
  /// `workLimit` for this model are left out, with the reason the post gives.
  func chosenSections(_ model: CheckedModel) -> (
    sections: [(analysis: AnalysisKind, section: ReportSection)],
    leftOut: [(section: ReportSection, reason: ReportPost.LeftOut)]
  ) {
    var sections: [(analysis: AnalysisKind, section: ReportSection)] = []
    var leftOut: [(section: ReportSection, reason: ReportPost.LeftOut)] = []
    let tokenCount = model.tokenCount
    for renderer in options.renderers.all {
      guard let section = renderer.reportSection else { continue }
      let name = renderer.analysis.rawValue
      if section.readsPrompt, tokenCount < renderer.minimumPromptTokens {
        options.log(
          "\(name): left out (it needs at least "
            + "\(renderer.minimumPromptTokens) tokens; the prompt is \(tokenCount))")
        leftOut.append((section, .promptTooShort(needs: renderer.minimumPromptTokens)))
        continue
      }
      if section.comparesCorrupted, corrupted == nil {
        options.log("\(name): left out (it needs a corrupted prompt: --corrupted)")
        leftOut.append((section, .noCorruptedPrompt))
        continue
      }
      let work = renderer.reportWork(config: model.config, promptTokens: tokenCount)
      let operations = 2 * Double(model.parameters) * Double(work)
      if operations > workLimit {
        options.log(
          "\(name): left out (it would run the model over \(work) token positions, about "
            + "\(NumberText.fixed(operations / 1e12, 1)) TFLOP; a report allows "
            + "\(NumberText.fixed(workLimit / 1e12, 1)))")
        leftOut.append((section, .tooMuchWork(positions: work)))
        continue
      }
      let block = ReportPost.block(
        renderer.analysis, section: section, prompt: prompt, corrupted: corrupted)
      var request = LensRequest(analysis: renderer.analysis, model: self.model, prompt: block["prompt"])
      if section.comparesCorrupted, let corrupted {
        request.options["prompts"] = .list([.string(prompt), .string(corrupted)])
      }
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

  /// The model's configuration and the prompt's token count; throws when the prompt does not
  /// fit the model's context or its trace this machine, or when the corrupted prompt cannot
  /// be compared with it.
  private func checkPrompt(path: String, label: String) throws -> CheckedModel {
    let file = try GGUFFile(path: path)
    let config = try ModelConfig(file: file)
    let tokenizer = try Tokenizer(file: file)
    let count = tokenizer.encode(prompt, bos: nil).count
    if let corrupted {
      guard !corrupted.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
        throw ReportError.badCorrupted("is empty: pass the prompt with one word changed")
      }
      if let scalar = ControlCharacters.first(in: corrupted) {
        throw ReportError.badCorrupted(
          "has a control character \(ControlCharacters.name(scalar)); "
            + ControlCharacters.advice)
      }
      let corruptedCount = tokenizer.encode(corrupted, bos: nil).count
      guard corruptedCount == count else {
        throw ReportError.badCorrupted(
          "is \(corruptedCount) tokens long and the prompt \(count) with \(label)'s tokenizer; "
            + "patching compares the two position by position, so change a word for one of "
            + "the same token count")
      }
    }
    guard count <= config.contextLength else {
      throw ReportError.promptTooLong(tokens: count, context: config.contextLength, model: label)
    }
    // With attention: a report runs the attention analyses on every prompt of two tokens.
    let bytes = Double(TraceSize(config: config, tokens: count).total)
    guard bytes <= memoryLimit else {
      throw ReportError.promptTooLarge(tokens: count, bytes: bytes, available: memoryLimit)
    }
    let parameters = file.tensors.reduce(0) { $0 + $1.elementCount }
    return CheckedModel(config: config, parameters: parameters, tokenCount: count)
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
