import Foundation

/// Builds a site folder (`lenscribe.yml`, `posts/`, `assets/`, `templates/`) into `public/`.
public struct SiteBuilder {
  /// The site folder.
  public let folder: URL

  /// A builder for the site in `folder`.
  public init(folder: URL) {
    self.folder = folder.standardizedFileURL
  }

  /// Where the site is built: `SITE/public`.
  public var output: URL { folder.appendingPathComponent("public") }

  /// Builds the site and swaps it into `public/`; on any error `public/` is left as it was.
  @discardableResult
  public func build(_ options: BuildOptions) throws(PublishError) -> BuildReport {
    try SiteWriter.checkReplaceable(output)
    let lock = try BuildLock(cache: folder.appendingPathComponent(".cache"), log: options.log)
    defer { withExtendedLifetime(lock) {} }
    let (tree, report, runner) = try assemble(options)
    options.log("writing \(tree.paths.count) files")
    try SiteWriter.write(tree, to: output)
    try runner.saveLedger()
    let pruned = runner.pruneCache()
    if pruned > 0 { options.log("removed \(pruned) cache entries no post uses any more") }
    return report
  }

  /// Builds the site in memory and checks its links, without touching `public/`.
  public func tree(_ options: BuildOptions) throws(PublishError) -> (OutputTree, BuildReport) {
    let (tree, report, _) = try assemble(options)
    return (tree, report)
  }

  /// One post as a single HTML file for sharing: style sheet and figures inline, links absolute.
  public func singleFile(_ post: String, _ options: BuildOptions) throws(PublishError) -> String {
    let site = try SiteSources(folder: folder, includeDrafts: true)
    let chosen = try site.post(named: post)
    var runner = LensRunner(site: site, options: options)
    let figures = try runner.figures(for: [chosen])[0]
    try ValueTable.check([chosen], figures: [figures])
    let renderer = PostRenderer(
      post: chosen, figures: figures, links: LinkMapper(baseURL: site.config.baseURL),
      unsafeHTML: site.config.unsafeHTML)
    return SitePages(site: site).page(renderer, standalone: true)
  }

  /// The site's configuration, read from `lenscribe.yml`.
  public func config() throws(PublishError) -> SiteConfig {
    let file = folder.appendingPathComponent("lenscribe.yml")
    guard FileManager.default.fileExists(atPath: file.path) else {
      throw .siteNotFound(path: folder.path)
    }
    do {
      return try SiteConfig.parse(try SiteSources.read(file, as: "lenscribe.yml"))
    } catch let error as SourceError {
      throw .sourceErrors([error])
    } catch {
      throw error as? PublishError ?? .unreadable(path: file.path, reason: "\(error)")
    }
  }

  /// Checks the links and anchors of the built site in `public/`.
  public func check() throws(PublishError) -> [LinkProblem] {
    let site = try SiteSources(folder: folder, includeDrafts: true)
    guard FileManager.default.fileExists(atPath: output.path) else {
      throw .notBuilt(path: output.path)
    }
    return LinkChecker(config: site.config).problems(in: try OutputTree.reading(output))
  }

  private func assemble(_ options: BuildOptions) throws(PublishError) -> (
    OutputTree, BuildReport, LensRunner
  ) {
    let site = try SiteSources(folder: folder, includeDrafts: options.drafts)
    let posts = site.posts.filter { options.drafts || !$0.frontMatter.draft }
      .sorted { ($0.frontMatter.date, $1.slug) > ($1.frontMatter.date, $0.slug) }
    var runner = LensRunner(site: site, options: options)
    let figures = try runner.figures(for: posts)
    try ValueTable.check(posts, figures: figures)
    var bySlug: [String: [PlacedFigure]] = [:]
    for (post, placed) in zip(posts, figures) { bySlug[post.slug] = placed }
    let tree = SitePages(site: site).tree(posts: posts, figures: bySlug)
    let problems = LinkChecker(config: site.config).problems(in: tree)
    guard problems.isEmpty else { throw .brokenLinks(problems) }
    try writeCacheIgnore()
    let models = Set(figures.joined().flatMap(\.models)).sorted { $0.name < $1.name }
    let report = BuildReport(
      posts: posts.map(\.slug), blocks: runner.runs, fileCount: tree.paths.count, models: models)
    return (tree, report, runner)
  }

  /// Keeps `SITE/.cache` out of git: it holds results, not sources.
  private func writeCacheIgnore() throws(PublishError) {
    let cache = folder.appendingPathComponent(".cache")
    let ignore = cache.appendingPathComponent(".gitignore")
    guard !FileManager.default.fileExists(atPath: ignore.path) else { return }
    do {
      try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
      try Data("*\n".utf8).write(to: ignore)
    } catch {
      throw .unwritable(path: ignore.path, reason: error.localizedDescription)
    }
  }
}
