import Foundation
import Mustache

/// The templates one build uses: the defaults, each replaced by a file of the same name in
/// `SITE/templates/` when there is one.
struct TemplateSet {
  let layout: MustacheTemplate
  let post: MustacheTemplate
  let index: MustacheTemplate
  let notFound: MustacheTemplate
  /// The style sheet's text.
  let styleSheet: String
  /// The figure script's text, loaded by pages with figures.
  let figureScript: String

  /// The templates of the site in `folder`.
  init(site folder: URL) throws(PublishError) {
    var sources = DefaultTemplates.files
    let overrides = folder.appendingPathComponent("templates")
    for name in DefaultTemplates.files.keys.sorted() {
      guard
        let file = try SiteLinks.resolve(
          overrides.appendingPathComponent(name), in: folder, name: "templates/\(name)"),
        FileManager.default.fileExists(atPath: file.path)
      else { continue }
      do {
        sources[name] = try String(contentsOf: file, encoding: .utf8)
      } catch {
        throw .unreadable(path: "templates/\(name)", reason: error.localizedDescription)
      }
    }
    func template(_ name: String) throws(PublishError) -> MustacheTemplate {
      do {
        return try MustacheTemplate(string: sources[name]!)
      } catch {
        throw .badTemplate(path: "templates/\(name)", reason: "\(error)")
      }
    }
    layout = try template("layout.mustache")
    post = try template("post.mustache")
    index = try template("index.mustache")
    notFound = try template("404.mustache")
    styleSheet = sources["style.css"]!
    figureScript = sources["lens.js"]!
  }

  /// `content` inside the layout, with LF line ends and one final newline.
  func page(_ content: String, context: [String: Any]) -> String {
    var values = context
    values["content"] = content.trimmingCharacters(in: .newlines)
    return Self.tidy(layout.render(values))
  }

  /// Normalises rendered text: LF line ends and exactly one final newline (inside the text
  /// nothing changes: `<pre>` blocks keep their blank lines and spaces).
  static func tidy(_ text: String) -> String {
    var text = text.replacingOccurrences(of: "\r\n", with: "\n")
    while text.hasSuffix("\n") { text.removeLast() }
    return text + "\n"
  }
}
