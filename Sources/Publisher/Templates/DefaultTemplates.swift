/// The templates, style sheet and figure script a site gets unless it has its own in `SITE/templates/`.
///
/// They are compiled in so the binary works from anywhere; `templates/` at the top of the
/// repository holds the same files for authors to copy and change.
public enum DefaultTemplates {
  /// File name of each default, as a site overrides it in `SITE/templates/`.
  public static let files: [String: String] = [
    "layout.mustache": layout,
    "post.mustache": post,
    "index.mustache": index,
    "404.mustache": notFound,
    "style.css": styleSheet,
    "lens.js": figureScript,
  ]
}
