import Foundation
import Publisher
import Testing

@Suite struct LinkCheckerTests {
  static let config = SiteConfig(title: "T", baseURL: "https://example.org/blog/")

  func tree(_ pages: [String: String]) -> OutputTree {
    var tree = OutputTree()
    for (path, text) in pages { tree.add(path, text: text) }
    return tree
  }

  @Test func followsRelativeBasePathAndBaseURLLinks() {
    let site = tree([
      "index.html": """
      <a href="posts/a/">A</a> <a href="posts/a/#part">part</a> <a href="/blog/style.css">css</a>
      <a href="https://example.org/blog/posts/a/index.html">abs</a> <a href="https://elsewhere.org/x">x</a>
      <a href="mailto:a@b.c">mail</a> <a href="#top">top</a> <p id="top"></p> <img src='pic.png'>
      <a href="posts/a">no slash</a> <a href="posts/a/?x=1&amp;y=2#part">query</a>
      """,
      "posts/a/index.html":
        "<h2 id=\"part\">Part</h2><a href=\"../../\">home</a><a href=\"fig%201.svg\">f</a>",
      "posts/a/fig 1.svg": "<svg/>",
      "style.css": "", "pic.png": "",
    ])
    #expect(LinkChecker(config: Self.config).problems(in: site).isEmpty)
  }

  @Test func namesThePageAndTheLink() {
    let site = tree([
      "index.html": """
      <a href="posts/b/">B</a> <a href="posts/a/#nope">nope</a> <a href="/style.css">outside</a>
      <a href="../../up.html">up</a> <a href="https://example.org/blog/gone.html">gone</a>
      """,
      "posts/a/index.html": "<p id=\"part\"></p>",
      "feed.xml": "<link href=\"https://example.org/blog/posts/c/\"/>",
    ])
    #expect(
      LinkChecker(config: Self.config).problems(in: site) == [
        LinkProblem(
          page: "feed.xml", link: "https://example.org/blog/posts/c/",
          reason: "the site has no posts/c/index.html"),
        LinkProblem(
          page: "index.html", link: "../../up.html",
          reason: "it climbs above the site's root folder"),
        LinkProblem(
          page: "index.html", link: "/style.css",
          reason: "it starts outside the site's base path /blog/"),
        LinkProblem(
          page: "index.html", link: "https://example.org/blog/gone.html",
          reason: "the site has no gone.html"),
        LinkProblem(
          page: "index.html", link: "posts/a/#nope",
          reason: "posts/a/index.html has no anchor 'nope'"),
        LinkProblem(
          page: "index.html", link: "posts/b/", reason: "the site has no posts/b/index.html"),
      ])
    #expect(
      PublishError.brokenLinks([
        LinkProblem(
          page: "index.html", link: "posts/b/", reason: "the site has no posts/b/index.html")
      ]).description == "index.html: broken link 'posts/b/': the site has no posts/b/index.html")
  }

  @Test func aSiteUnderASubpathHasNoBrokenLink() throws {
    let site = try TestSite(files: [
      "posts/a.md": TestSite.post(
        "## Part one\n\n[b](b.md#part-two), [home](/), [asset](/assets/x.txt)\n"),
      "posts/b.md": TestSite.post(title: "B", "## Part two\n\n[a](a.md#part-one)\n"),
      "assets/x.txt": "x",
    ])
    defer { site.remove() }
    try site.builder.build(BuildOptions())
    #expect(try site.builder.check().isEmpty)
    let notFound = try site.built("404.html")
    #expect(notFound.contains("<link rel=\"stylesheet\" href=\"/blog/style.css\">"))
    #expect(notFound.contains("<a href=\"/blog/\">list of posts</a>"))
    #expect(try site.built("posts/a/index.html").contains("<a href=\"../../\">home</a>"))

    // `lenscribe check` reads what is on disk: break a page and it says where.
    try site.write("public/posts/a/index.html", "<a href=\"../c/\">c</a>")
    #expect(
      try site.builder.check() == [
        LinkProblem(
          page: "posts/a/index.html", link: "../c/", reason: "the site has no posts/c/index.html"),
        LinkProblem(
          page: "posts/b/index.html", link: "../a/#part-one",
          reason: "posts/a/index.html has no anchor 'part-one'"),
      ])
  }
}
