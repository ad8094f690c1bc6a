import Foundation

/// A post's YAML front matter: the block between the `---` lines that open the file.
public struct FrontMatter: Equatable, Sendable {
  /// The post's title.
  public var title: String
  /// The publication date, `YYYY-MM-DD`.
  public var date: PostDate
  /// One or two sentences for the index page and the feed.
  public var summary: String
  /// The model the post's lens blocks use unless they name their own.
  public var model: String?
  /// Drafts are built only with `--drafts`.
  public var draft: Bool

  /// The keys a front matter may have.
  public static let keys = ["title", "date", "summary", "model", "draft"]

  /// The front matter and the Markdown after it, split from a post's text.
  struct Split {
    /// The YAML between the `---` lines.
    let yaml: String
    /// The Markdown after the closing `---`.
    let body: String
    /// How many lines of the file come before `body` (both fences included).
    let bodyLineOffset: Int
  }

  /// Splits `text` into front matter and body; the file must open with a `---` line.
  static func split(_ text: String, file: String) throws(SourceError) -> Split {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard lines.first.map({ $0.trimmingCharacters(in: .whitespaces) == "---" }) == true else {
      throw SourceError(
        file: file, line: 1,
        message: "a post must open with front matter: a `---` line, `title:`, `date:`, `summary:`, "
          + "and a closing `---` line")
    }
    guard
      let close = lines.indices.dropFirst().first(where: {
        let line = lines[$0].trimmingCharacters(in: .whitespaces)
        return line == "---" || line == "..."
      })
    else {
      throw SourceError(file: file, line: 1, message: "the front matter has no closing `---` line")
    }
    return Split(
      yaml: lines[1..<close].joined(separator: "\n"),
      body: lines[(close + 1)...].joined(separator: "\n"),
      bodyLineOffset: close + 1)
  }

  /// Parses the YAML of a front matter that starts on the file's line 2.
  static func parse(_ yaml: String, file: String) throws(SourceError) -> FrontMatter {
    let source = YAMLSource(file: file, lineOffset: 1)
    let entries = try source.mapping(yaml, what: "the front matter")
    try source.rejectUnknown(entries, known: keys, what: "the front matter")
    var values: [String: YAMLSource.Entry] = [:]
    for entry in entries { values[entry.key] = entry }
    func required(_ key: String, _ hint: String) throws(SourceError) -> YAMLSource.Entry {
      guard let entry = values[key] else {
        throw SourceError(
          file: file, line: 2, message: "the front matter lacks `\(key):` (\(hint))")
      }
      return entry
    }
    let title = try source.string(required("title", "the post's title"))
    let dateEntry = try required("date", "the publication date, YYYY-MM-DD")
    let dateText = try source.string(dateEntry)
    guard let date = PostDate(dateText) else {
      throw SourceError(
        file: file, line: dateEntry.line,
        message: "date '\(dateText)' is not a calendar date written YYYY-MM-DD")
    }
    let summary = try source.string(required("summary", "a sentence or two for the index and feed"))
    var matter = FrontMatter(title: title, date: date, summary: summary, model: nil, draft: false)
    if let entry = values["model"] { matter.model = try source.string(entry) }
    if let entry = values["draft"] { matter.draft = try source.bool(entry) }
    for (key, text) in [("title", title), ("summary", summary)]
    where text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
      throw SourceError(file: file, line: values[key]?.line ?? 2, message: "`\(key):` is empty")
    }
    return matter
  }
}
