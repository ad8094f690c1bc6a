import Foundation
import Publisher
import Testing

/// The preview server over a real socket: serves, and rebuilds when a post changes.
@Suite struct PreviewServerTests {
  static func get(_ path: String, port: UInt16) throws -> (status: Int, body: String) {
    try LoopbackClient.get(path, port: port)
  }

  @Test func servesTheSiteAndRebuildsWhenAPostChanges() async throws {
    let served = try await ServedSite(files: ["posts/a.md": TestSite.post("First words.\n")])
    let (site, port) = (served.site, served.port)

    let first = try Self.get("/blog/posts/a/", port: port)
    #expect(first.status == 200)
    #expect(first.body.contains("First words."))
    #expect(try Self.get("/__lenscribe/generation", port: port).body == "1")
    #expect(try Self.get("/blog/../lenscribe.yml", port: port).status == 403)

    try site.write("posts/a.md", TestSite.post("Second words.\n"))
    var generation = "1"
    for _ in 0..<40 where generation == "1" {
      try await Task.sleep(for: .milliseconds(250))
      generation = try Self.get("/__lenscribe/generation", port: port).body
    }
    #expect(generation == "2")
    #expect(try Self.get("/blog/posts/a/", port: port).body.contains("Second words."))

    // A broken edit keeps the last good site up.
    try site.write("posts/a.md", "no front matter\n")
    try await Task.sleep(for: .milliseconds(1500))
    #expect(try Self.get("/__lenscribe/generation", port: port).body == "2")
    #expect(try Self.get("/blog/posts/a/", port: port).body.contains("Second words."))
    try await served.stop()
  }

  @Test func answersHeadWithTheHeadersAndNoBody() async throws {
    let served = try await ServedSite(files: ["posts/a.md": TestSite.post("Words.\n")])
    let client = try LoopbackClient(port: served.port)
    defer { client.close() }
    client.send("HEAD /blog/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    let text = String(decoding: client.readToEnd(), as: UTF8.self)
    #expect(text.hasPrefix("HTTP/1.1 200"))
    #expect(text.lowercased().contains("content-type: text/html; charset=utf-8"))
    #expect(text.lowercased().contains("cache-control: no-store"))
    #expect(text.hasSuffix("\r\n\r\n"), "a HEAD answer has no body")
    try await served.stop()
  }

  @Test func aTakenPortIsReportedNotIgnored() async throws {
    let served = try await ServedSite(files: ["posts/a.md": TestSite.post("Words.\n")])
    let site = try TestSite(files: ["posts/a.md": TestSite.post("Words.\n")])
    defer { site.remove() }
    let second = PreviewServer(builder: site.builder, options: BuildOptions(), log: { _ in })
    await #expect(throws: PublishError.self) { try await second.start(port: served.port) }
    try await served.stop()
  }
}
