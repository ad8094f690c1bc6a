import Foundation

/// A site's `lenscribe.yml`: what every page shares.
public struct SiteConfig: Equatable, Sendable {
  /// The site's name, in every page's header and the feed.
  public var title: String
  /// Who writes the posts (feed and page footers); optional.
  public var author: String?
  /// Where the site will live, absolute, ending in `/` (`https://example.org/blog/`).
  public var baseURL: String
  /// The model lens blocks use when neither they nor their post name one.
  public var defaultModel: String?
  /// The pages' language (`lang` attribute), `en` unless set.
  public var language: String
  /// Whether raw HTML in posts is passed through (otherwise libcmark drops it).
  public var unsafeHTML: Bool

  /// The configuration's keys as they are spelled in `lenscribe.yml`.
  public static let keys = ["title", "author", "base-url", "model", "language", "unsafe-html"]

  /// A configuration; `baseURL` is taken as given (see `parse` for checking and normalising).
  public init(
    title: String, author: String? = nil, baseURL: String, defaultModel: String? = nil,
    language: String = "en", unsafeHTML: Bool = false
  ) {
    self.title = title
    self.author = author
    self.baseURL = baseURL
    self.defaultModel = defaultModel
    self.language = language
    self.unsafeHTML = unsafeHTML
  }

  /// The path part of the base URL, starting and ending with `/` (`/blog/`, or `/`).
  public var basePath: String {
    guard let url = URL(string: baseURL), !url.path.isEmpty else { return "/" }
    let path = url.path.hasSuffix("/") ? url.path : url.path + "/"
    return path.hasPrefix("/") ? path : "/" + path
  }

  /// Parses the text of `lenscribe.yml` (`file` names it in errors).
  public static func parse(_ text: String, file: String = "lenscribe.yml") throws(SourceError)
    -> SiteConfig
  {
    let yaml = YAMLSource(file: file, lineOffset: 0)
    let entries = try yaml.mapping(text, what: file)
    try yaml.rejectUnknown(entries, known: keys, what: file)
    var values: [String: YAMLSource.Entry] = [:]
    for entry in entries { values[entry.key] = entry }

    guard let titleEntry = values["title"] else {
      throw SourceError(file: file, line: 1, message: "missing `title:` (the site's name)")
    }
    let title = try yaml.string(titleEntry)
    guard let baseEntry = values["base-url"] else {
      throw SourceError(
        file: file, line: 1,
        message: "missing `base-url:` (where the site will live, e.g. https://you.github.io/blog/)")
    }
    let baseURL = try normalisedBaseURL(yaml.string(baseEntry), file: file, line: baseEntry.line)
    var config = SiteConfig(title: title, baseURL: baseURL)
    if let entry = values["author"] { config.author = try yaml.string(entry) }
    if let entry = values["model"] { config.defaultModel = try yaml.string(entry) }
    if let entry = values["language"] {
      let language = try yaml.string(entry)
      guard
        language.range(of: #"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$"#, options: .regularExpression)
          != nil
      else {
        throw SourceError(
          file: file, line: entry.line,
          message: "language '\(language)' is not a language tag like en or en-GB")
      }
      config.language = language
    }
    if let entry = values["unsafe-html"] { config.unsafeHTML = try yaml.bool(entry) }
    return config
  }

  /// `value` as an absolute http(s) URL ending in `/`, without query or fragment.
  static func normalisedBaseURL(_ value: String, file: String, line: Int) throws(SourceError)
    -> String
  {
    guard let url = URL(string: value), let scheme = url.scheme?.lowercased(),
      scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty,
      url.query == nil, url.fragment == nil
    else {
      throw SourceError(
        file: file, line: line,
        message: "base-url '\(value)' must be an absolute http(s) address without query, like "
          + "https://you.github.io/blog/")
    }
    return value.hasSuffix("/") ? value : value + "/"
  }
}
