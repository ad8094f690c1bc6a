import Foundation
import Publisher
import Testing

@Suite struct DefaultTemplatesTests {
  /// The repository's `templates/` folder.
  static let folder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("templates")

  @Test func theCompiledInTemplatesAreTheFilesInTemplatesFolder() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).sorted()
    #expect(files == DefaultTemplates.files.keys.sorted())
    for name in files {
      let text = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
      #expect(text == DefaultTemplates.files[name], "templates/\(name) differs from its Swift copy")
    }
  }

  @Test func aSiteCanReplaceATemplate() throws {
    let site = try TestSite(files: [
      "posts/a.md": TestSite.post("Hi.\n"),
      "templates/index.mustache": "<p class=\"custom\">{{#posts}}{{title}};{{/posts}}</p>\n",
      "templates/style.css": "body { color: red; }\n",
    ])
    defer { site.remove() }
    let (tree, _) = try site.builder.tree(BuildOptions())
    #expect(tree.text("index.html")?.contains("<p class=\"custom\">A post;</p>") == true)
    #expect(tree.text("style.css") == "body { color: red; }\n")
    #expect(tree.text("posts/a/index.html")?.contains("<article class=\"post\">") == true)
  }

  @Test func aBrokenTemplateIsNamed() throws {
    let site = try TestSite(files: ["templates/post.mustache": "{{#open}} never closed\n"])
    defer { site.remove() }
    do {
      _ = try site.builder.tree(BuildOptions())
      Issue.record("built with a broken template")
    } catch {
      guard case .badTemplate(let path, _) = error else { throw error }
      #expect(path == "templates/post.mustache")
    }
  }

  @Test func theStyleSheetHasADarkMode() {
    let css = DefaultTemplates.files["style.css"] ?? ""
    #expect(css.contains("@media (prefers-color-scheme: dark)"))
    #expect(css.contains("color-scheme: light dark"))
  }
}
