import Foundation
import Publisher
import Testing

@Suite struct PreviewRouterTests {
  /// A built site under /blog/, with a file beside `public/` that must never be served.
  func site() throws -> (TestSite, PreviewRouter) {
    let site = try TestSite(files: ["posts/a.md": TestSite.post("## Part\n\nText.\n")])
    try site.builder.build(BuildOptions())
    let router = PreviewRouter(root: site.builder.output, basePath: "/blog/", generation: 3)
    return (site, router)
  }

  @Test func servesTheBuiltPagesWithAReloadScript() throws {
    let (site, router) = try site()
    defer { site.remove() }
    let page = router.respond(method: "GET", target: "/blog/posts/a/?from=index")
    #expect(page.status == 200)
    #expect(page.contentType == "text/html; charset=utf-8")
    #expect(page.text.contains("<h2 id=\"part\">Part</h2>"))
    #expect(page.text.contains("var built = 3;"))
    #expect(page.text.contains("fetch(\"/__lenscribe/generation\""))
    #expect(try !site.built("posts/a/index.html").contains("__lenscribe"))
    #expect(router.respond(method: "GET", target: "/__lenscribe/generation").text == "3")
    #expect(
      router.respond(method: "GET", target: "/blog/style.css").contentType
        == "text/css; charset=utf-8")
    #expect(router.respond(method: "GET", target: "/blog/posts/a/index.md").status == 200)
  }

  @Test func redirectsToTheBasePathAndToFolders() throws {
    let (site, router) = try site()
    defer { site.remove() }
    #expect(router.respond(method: "GET", target: "/").location == "/blog/")
    #expect(router.respond(method: "GET", target: "/blog").location == "/blog/")
    let folder = router.respond(method: "GET", target: "/blog/posts/a")
    #expect(folder.status == 301)
    #expect(folder.location == "/blog/posts/a/")
  }

  @Test func refusesEverythingOutsideTheBuiltSite() throws {
    let (site, router) = try site()
    defer { site.remove() }
    try site.write("public/../secret.txt", "secret")
    for target in [
      "/blog/../lenscribe.yml", "/blog/%2e%2e/lenscribe.yml", "/blog/posts/../../posts/a.md",
      "/blog/..%2fsecret.txt",
    ] {
      let response = router.respond(method: "GET", target: target)
      #expect(response.status == 403, "\(target) answered \(response.status)")
      #expect(!response.text.contains("secret") && !response.text.contains("title:"))
    }
    let cache = router.respond(method: "GET", target: "/blog/.cache/blocks.json")
    #expect(cache.status == 404)
    #expect(cache.text.contains("Page not found"))
    #expect(router.respond(method: "GET", target: "/elsewhere/").status == 404)
    #expect(router.respond(method: "POST", target: "/blog/").status == 405)
  }

  @Test func symbolicLinksOutOfTheSiteAreNotFollowed() throws {
    let (site, router) = try site()
    defer { site.remove() }
    try FileManager.default.createSymbolicLink(
      at: site.builder.output.appendingPathComponent("config.yml"),
      withDestinationURL: site.folder.appendingPathComponent("lenscribe.yml"))
    let response = router.respond(method: "GET", target: "/blog/config.yml")
    #expect(response.status == 404)
    #expect(!response.text.contains("base-url"))
  }
}
