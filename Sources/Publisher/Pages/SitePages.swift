import Foundation

/// Lays out the built site: post pages and their Markdown and figure files, the index, the feed,
/// the 404 page, the style sheet and the assets.
struct SitePages {
  let site: SiteSources

  private var config: SiteConfig { site.config }
  private var links: LinkMapper { LinkMapper(baseURL: config.baseURL) }

  /// The whole site for `posts` (newest first) and their figures.
  func tree(posts: [Post], figures: [String: [PlacedFigure]]) -> OutputTree {
    var tree = OutputTree()
    var listed: [[String: Any]] = []
    for post in posts {
      let placed = figures[post.slug] ?? []
      let renderer = PostRenderer(
        post: post, figures: placed, links: links, unsafeHTML: config.unsafeHTML)
      let folder = "posts/\(post.slug)/"
      tree.add(folder + "index.html", text: page(renderer, standalone: false))
      tree.add(folder + "index.md", text: markdown(renderer))
      for figure in placed {
        tree.add(folder + figure.svgFile, text: Self.withFinalNewline(figure.figure.svg))
        tree.add(folder + figure.dataFile, text: Self.withFinalNewline(figure.figure.data))
      }
      var item = meta(post, readingMinutes: renderer.readingMinutes)
      item["href"] = folder
      listed.append(item)
    }
    let index = site.templates.index.render([
      "siteTitle": config.title, "hasPosts": !listed.isEmpty, "posts": listed,
    ])
    tree.add(
      "index.html",
      text: site.templates.page(
        index,
        context: layout(
          title: config.title, root: "./", canonical: config.baseURL, description: nil)))
    let notFound = site.templates.notFound.render([
      "siteTitle": config.title, "root": config.basePath,
    ])
    tree.add(
      "404.html",
      text: site.templates.page(
        notFound,
        context: layout(
          title: "Page not found · " + config.title, root: config.basePath, canonical: nil,
          description: nil)))
    tree.add("feed.xml", text: AtomFeed(config: config, posts: posts).xml)
    tree.add("style.css", text: TemplateSet.tidy(site.templates.styleSheet))
    tree.add("lens.js", text: TemplateSet.tidy(site.templates.figureScript))
    tree.add(".nojekyll", text: "")
    for asset in site.assets { tree.add(asset.path, copying: asset.source) }
    return tree
  }

  /// One post as a page; `standalone` inlines the style sheet and figure script and makes
  /// links absolute.
  func page(_ renderer: PostRenderer, standalone: Bool) -> String {
    let post = renderer.post
    let body = renderer.html(standalone: standalone)
    var context = meta(post, readingMinutes: renderer.readingMinutes)
    let contents = body.headings.filter { $0.level <= 3 }
    context["hasContents"] = contents.count >= 2
    context["contents"] = contents.map {
      ["level": $0.level, "text": $0.text, "anchor": $0.anchor]
    }
    context["body"] = body.html.trimmingCharacters(in: .newlines)
    let models = Self.models(of: renderer.figures)
    context["hasModels"] = !models.isEmpty
    context["models"] = models.enumerated().map { index, model in
      // The name is the file's on disk, which no rule for sources has checked.
      [
        "file": Escaping.visibleControls(model.fileName), "sha256": model.sha256,
        "last": index == models.count - 1,
      ]
        as [String: Any]
    }
    context["markdownHref"] =
      standalone ? config.baseURL + "posts/\(post.slug)/index.md" : "index.md"
    let content = site.templates.post.render(context)
    let root = standalone ? config.baseURL : "../../"
    var layout = self.layout(
      title: post.frontMatter.title + " · " + config.title, root: root,
      canonical: config.baseURL + "posts/\(post.slug)/", description: post.frontMatter.summary)
    layout["shareTitle"] = post.frontMatter.title
    layout["shareType"] = "article"
    layout["hasPublished"] = true
    layout["published"] = post.frontMatter.date.description
    layout["hasScript"] = !renderer.figures.isEmpty
    if standalone {
      layout["hasInlineStyle"] = true
      layout["inlineStyle"] = site.templates.styleSheet.trimmingCharacters(in: .newlines)
      layout["inlineScript"] = site.templates.figureScript.trimmingCharacters(in: .newlines)
    }
    return site.templates.page(content, context: layout)
  }

  /// One post as GitHub-readable Markdown.
  func markdown(_ renderer: PostRenderer) -> String {
    let matter = renderer.post.frontMatter
    var parts = ["# " + Escaping.markdown(matter.title)]
    var line = "*" + matter.date.longForm
    if let author = config.author { line += " · " + Escaping.markdown(author) }
    parts.append(line + " · \(renderer.readingMinutes) min read*")
    parts.append("> " + Escaping.markdown(matter.summary))
    parts.append(renderer.markdown().trimmingCharacters(in: .newlines))
    let models = Self.models(of: renderer.figures)
    if !models.isEmpty {
      let list = models.map { model in
        let name = Escaping.codeSpan(Escaping.visibleControls(model.fileName))
        return "\(name) (SHA-256 `\(model.sha256)`)"
      }.joined(separator: ", ")
      parts.append("---\n\nFigures computed by lenscribe from \(list).")
    }
    return parts.joined(separator: "\n\n") + "\n"
  }

  /// What the post and index templates know of a post.
  private func meta(_ post: Post, readingMinutes: Int) -> [String: Any] {
    let matter = post.frontMatter
    return [
      "title": matter.title, "summary": matter.summary, "dateISO": matter.date.description,
      "dateText": matter.date.longForm, "readingTime": "\(readingMinutes) min read",
      "draft": matter.draft, "hasAuthor": config.author != nil, "author": config.author ?? "",
    ]
  }

  /// What the layout template knows of a page.
  private func layout(title: String, root: String, canonical: String?, description: String?)
    -> [String: Any]
  {
    let feedRoot = root == "./" ? "" : root
    return [
      "language": config.language, "pageTitle": title, "siteTitle": config.title, "root": root,
      "feedHref": feedRoot + "feed.xml", "hasCanonical": canonical != nil,
      "canonical": canonical ?? "",
      "hasDescription": description != nil, "description": description ?? "",
      "hasAuthor": config.author != nil, "author": config.author ?? "", "hasInlineStyle": false,
      "hasScript": false, "shareTitle": title, "shareType": "website", "hasPublished": false,
    ]
  }

  /// The models a post's figures were computed from, in order of first use.
  static func models(of figures: [PlacedFigure]) -> [ModelFile] {
    var seen: [ModelFile] = []
    for figure in figures {
      for model in figure.models where !seen.contains(model) { seen.append(model) }
    }
    return seen
  }

  private static func withFinalNewline(_ text: String) -> String {
    text.hasSuffix("\n") ? text : text + "\n"
  }
}
