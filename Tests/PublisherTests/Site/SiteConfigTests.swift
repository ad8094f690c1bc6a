import Publisher
import Testing

@Suite struct SiteConfigTests {
  @Test func readsEveryKeyAndNormalisesTheBaseURL() throws {
    let config = try SiteConfig.parse(
      """
      title: Lens notes
      author: A. Writer
      base-url: https://example.org/blog
      model: gemma3-270m
      language: en-GB
      unsafe-html: true
      """)
    #expect(config.title == "Lens notes")
    #expect(config.author == "A. Writer")
    #expect(config.baseURL == "https://example.org/blog/")
    #expect(config.basePath == "/blog/")
    #expect(config.defaultModel == "gemma3-270m")
    #expect(config.language == "en-GB")
    #expect(config.unsafeHTML)
  }

  @Test func defaultsAreEnglishAndSafe() throws {
    let config = try SiteConfig.parse("title: T\nbase-url: https://example.org\n")
    #expect(config.language == "en")
    #expect(!config.unsafeHTML)
    #expect(config.basePath == "/")
    #expect(config.author == nil)
  }

  @Test func problemsNameTheLine() {
    #expect(
      throws: SourceError(
        file: "lenscribe.yml", line: 2,
        message:
          "base-url 'example.org/blog' must be an absolute http(s) address without query, like "
          + "https://you.github.io/blog/")
    ) {
      try SiteConfig.parse("title: T\nbase-url: example.org/blog\n")
    }
    #expect(
      throws: SourceError(
        file: "lenscribe.yml", line: 3,
        message: "unknown key 'titel' in lenscribe.yml (known: title, author, base-url, model, "
          + "language, unsafe-html)")
    ) {
      try SiteConfig.parse("title: T\nbase-url: https://e.org/\ntitel: typo\n")
    }
    #expect(
      throws: SourceError(
        file: "lenscribe.yml", line: 3, message: "'unsafe-html' must be true or false")
    ) {
      try SiteConfig.parse("title: T\nbase-url: https://e.org/\nunsafe-html: maybe\n")
    }
    #expect(
      throws: SourceError(
        file: "lenscribe.yml", line: 1, message: "missing `title:` (the site's name)")
    ) {
      try SiteConfig.parse("base-url: https://e.org/\n")
    }
  }

  @Test func brokenYAMLIsReportedAtItsLine() {
    do {
      _ = try SiteConfig.parse("title: T\nbase-url: https://e.org/\nauthor: [unclosed\n")
      Issue.record("parsed broken YAML")
    } catch {
      #expect(error.file == "lenscribe.yml")
      #expect(error.line == 4)
      #expect(error.message.hasPrefix("lenscribe.yml is not valid YAML"))
    }
  }
}
