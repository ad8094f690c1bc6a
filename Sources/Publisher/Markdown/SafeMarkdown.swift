import CCmark

/// libcmark's safe mode for the Markdown lenscribe writes (`index.md`).
///
/// libcmark makes the HTML pages safe itself: unless the site sets `unsafe-html`, raw HTML
/// becomes a comment and `javascript:`-like link destinations are emptied. Its CommonMark
/// renderer does neither, and `index.md` is read on GitHub and in other Markdown viewers, some
/// of which show raw HTML: so the tree is made safe the same way before it is rendered back.
extension CmarkTree {
  /// Raw HTML becomes `<!-- raw HTML omitted -->`, as in the HTML pages, and link and image
  /// destinations with a dangerous scheme become empty (`[text]()`).
  func makeSafe() {
    for node in nodes {
      switch node.type {
      case CMARK_NODE_HTML_BLOCK: node.replaceWithBlock("<!-- raw HTML omitted -->")
      case CMARK_NODE_HTML_INLINE: node.replaceWithInline("<!-- raw HTML omitted -->")
      case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
        if Self.isDangerous(node.url) { node.url = "" }
      default: break
      }
    }
  }

  /// Whether a browser would run `url` or read a local file with it: libcmark's list
  /// (`javascript:`, `vbscript:`, `file:`, and `data:` other than PNG, GIF, JPEG and WebP
  /// images), matched as a browser reads a URL, in any case, with leading spaces and controls
  /// skipped and tabs and line breaks inside ignored.
  static func isDangerous(_ url: String) -> Bool {
    let scalars = url.unicodeScalars.drop { $0.value <= 0x20 }
      .filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }
    let text = String(String.UnicodeScalarView(scalars)).lowercased()
    let images = ["png", "gif", "jpeg", "webp"]
    if images.contains(where: { text.hasPrefix("data:image/" + $0) }) { return false }
    return ["javascript:", "vbscript:", "file:", "data:"].contains { text.hasPrefix($0) }
  }
}
