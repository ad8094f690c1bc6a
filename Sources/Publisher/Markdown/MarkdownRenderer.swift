import CCmark
import Foundation

/// CommonMark to HTML through the system libcmark.
public enum MarkdownRenderer {
  /// Renders `markdown` to HTML. Raw HTML in the source is replaced by a comment unless
  /// `allowRawHTML` is set (libcmark's safe mode is the default).
  public static func html(_ markdown: String, allowRawHTML: Bool = false) -> String {
    var options = CMARK_OPT_DEFAULT
    if allowRawHTML { options |= CMARK_OPT_UNSAFE }
    let utf8 = Array(markdown.utf8)
    guard let rendered = cmark_markdown_to_html(utf8, utf8.count, options) else { return "" }
    defer { free(rendered) }
    return String(cString: rendered)
  }
}
