import CCmark
import Foundation

/// Turns a post and its figures into page HTML and GitHub Markdown.
struct PostRenderer {
  /// One entry of the table of contents.
  struct Heading: Equatable {
    let level: Int
    let text: String
    let anchor: String
  }

  /// The page body and its table of contents.
  struct Page {
    let html: String
    let headings: [Heading]
  }

  /// Ids the page templates use themselves; headings never get them.
  static let templateIDs: Set<String> = ["top", "contents", "model-note", "content"]

  let post: Post
  /// One per lens block, in order.
  let figures: [PlacedFigure]
  let links: LinkMapper
  let unsafeHTML: Bool
  /// What each value reference reads as (references the build checked).
  let values: [String: String]

  init(post: Post, figures: [PlacedFigure], links: LinkMapper, unsafeHTML: Bool) {
    self.post = post
    self.figures = figures
    self.links = links
    self.unsafeHTML = unsafeHTML
    self.values = post.values.isEmpty ? [:] : ValueTable(post: post, figures: figures).texts
  }

  var pageFolder: String { "posts/\(post.slug)/" }

  /// The body as HTML with heading anchors, figures, and resolved references and links.
  func html(standalone: Bool) -> Page {
    let target: LinkMapper.Target = standalone ? .standalone : .page
    let tree = CmarkTree(post.body)
    tree.consolidateText()
    replaceReferences(in: tree) { figure in
      "<a class=\"figure-ref\" href=\"#\(figure.anchor)\">\(figure.name)</a>"
    }
    replaceValues(in: tree, Escaping.html)
    mapLinks(in: tree, for: target)
    replaceLensBlocks(in: tree) { figure in
      figure.html(caption: captionHTML(figure, target: target), standalone: standalone)
    }
    var anchors = HeadingAnchors(reserved: Self.templateIDs.union(figures.map(\.anchor)))
    var headings: [Heading] = []
    for node in tree.nodes where node.type == CMARK_NODE_HEADING {
      let text = node.plainText
      let anchor = anchors.anchor(for: text)
      let level = node.headingLevel
      headings.append(Heading(level: level, text: text, anchor: anchor))
      // libcmark opens every heading with a bare `<hN>`; only that first tag gets the id.
      let rendered = node.html(unsafe: unsafeHTML)
      let open = "<h\(level)>"
      let inner = rendered.hasPrefix(open) ? rendered.dropFirst(open.count) : rendered[...]
      node.replaceWithBlock("<h\(level) id=\"\(anchor)\">" + inner)
    }
    return Page(html: tree.html(unsafe: unsafeHTML), headings: headings)
  }

  /// The body as CommonMark for GitHub: figures as images with their text, references as links.
  func markdown() -> String {
    let tree = CmarkTree(post.body)
    tree.consolidateText()
    replaceReferences(in: tree) { figure in "[\(figure.name)](\(figure.svgFile))" }
    replaceValues(in: tree, Escaping.markdown)
    mapLinks(in: tree, for: .markdown)
    replaceLensBlocks(in: tree) { figure in
      figure.markdown(caption: captionMarkdown(figure))
    }
    if !unsafeHTML { tree.makeSafe() }
    return tree.commonMark(unsafe: unsafeHTML)
  }

  /// How many words the prose has (code blocks and lens blocks not counted).
  var wordCount: Int {
    let tree = CmarkTree(post.body)
    var count = 0
    for node in tree.nodes where node.type == CMARK_NODE_TEXT || node.type == CMARK_NODE_CODE {
      count += node.literal.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).count
    }
    return count
  }

  /// Reading time in minutes at 200 words a minute, at least one.
  var readingMinutes: Int { max(1, (wordCount + 199) / 200) }

  private func figure(labelled label: String) -> PlacedFigure? {
    figures.first { $0.block.label == label }
  }

  private func replaceReferences(in tree: CmarkTree, _ link: (PlacedFigure) -> String) {
    let pattern = try! Regex(Post.referencePattern)
    for node in tree.nodes where node.type == CMARK_NODE_TEXT {
      let text = node.literal
      let matches = text.matches(of: pattern)
      guard !matches.isEmpty else { continue }
      var pieces: [(text: String, trusted: Bool)] = []
      var position = text.startIndex
      for match in matches {
        let label = match.output[1].substring.map(String.init) ?? ""
        guard let figure = figure(labelled: label) else { continue }
        pieces.append((String(text[position..<match.range.lowerBound]), false))
        pieces.append((link(figure), true))
        position = match.range.upperBound
      }
      pieces.append((String(text[position...]), false))
      node.replaceWithPieces(pieces)
    }
  }

  /// Writes each value reference's text in place, escaped for the output (as a trusted piece,
  /// so that a value which looks like a reference or Markdown stays text).
  private func replaceValues(in tree: CmarkTree, _ escape: (String) -> String) {
    guard !values.isEmpty else { return }
    for node in tree.nodes where node.type == CMARK_NODE_TEXT {
      let text = node.literal
      let found = ValueReference.parse(text)
      guard !found.isEmpty else { continue }
      var pieces: [(text: String, trusted: Bool)] = []
      var position = text.startIndex
      for case .success(let (reference, range)) in found {
        guard let value = values[reference.source] else { continue }
        pieces.append((String(text[position..<range.lowerBound]), false))
        pieces.append((escape(value), true))
        position = range.upperBound
      }
      pieces.append((String(text[position...]), false))
      node.replaceWithPieces(pieces)
    }
  }

  private func mapLinks(in tree: CmarkTree, for target: LinkMapper.Target) {
    for node in tree.nodes where node.type == CMARK_NODE_LINK || node.type == CMARK_NODE_IMAGE {
      node.url = links.map(node.url, from: post.file, pageFolder: pageFolder, for: target)
    }
  }

  private func replaceLensBlocks(in tree: CmarkTree, _ output: (PlacedFigure) -> String) {
    let blocks = tree.nodes.filter(\.isLensBlock)
    for (node, figure) in zip(blocks, figures) { node.replaceWithBlock(output(figure)) }
  }

  /// The caption as inline HTML (the author's Markdown, safe unless the site allows raw HTML).
  private func captionHTML(_ figure: PlacedFigure, target: LinkMapper.Target) -> String {
    guard let caption = figure.block.caption, !caption.isEmpty else { return "" }
    let tree = CmarkTree(caption.replacingOccurrences(of: "\n", with: " "))
    tree.consolidateText()
    replaceReferences(in: tree) { "<a class=\"figure-ref\" href=\"#\($0.anchor)\">\($0.name)</a>" }
    replaceValues(in: tree, Escaping.html)
    mapLinks(in: tree, for: target)
    return Self.unwrapParagraph(tree.html(unsafe: unsafeHTML))
  }

  /// The caption as inline Markdown (safe as the body is, unless the site allows raw HTML: the
  /// figure's Markdown goes into the page's tree as trusted output).
  private func captionMarkdown(_ figure: PlacedFigure) -> String {
    guard let caption = figure.block.caption, !caption.isEmpty else { return "" }
    let tree = CmarkTree(caption.replacingOccurrences(of: "\n", with: " "))
    tree.consolidateText()
    replaceReferences(in: tree) { "[\($0.name)](\($0.svgFile))" }
    replaceValues(in: tree, Escaping.markdown)
    mapLinks(in: tree, for: .markdown)
    if !unsafeHTML { tree.makeSafe() }
    return tree.commonMark(unsafe: unsafeHTML).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  private static func unwrapParagraph(_ html: String) -> String {
    var text = html.trimmingCharacters(in: .whitespacesAndNewlines)
    if text.hasPrefix("<p>"), text.hasSuffix("</p>") {
      text = String(text.dropFirst(3).dropLast(4))
    }
    return text
  }
}
