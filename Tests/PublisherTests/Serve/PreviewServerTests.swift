import Foundation
import Publisher
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The preview server over a real socket: serves, and rebuilds when a post changes.
@Suite struct PreviewServerTests {
  /// One HTTP/1.1 GET to 127.0.0.1:`port`; the status code and body.
  static func get(_ path: String, port: UInt16) throws -> (status: Int, body: String) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else { throw CocoaError(.fileReadUnknown) }
    let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
    _ = send(fd, request, request.count, 0)
    var response = Data()
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = recv(fd, &buffer, buffer.count, 0)
      if count <= 0 { break }
      response.append(contentsOf: buffer[0..<count])
    }
    let text = String(decoding: response, as: UTF8.self)
    let status = Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0
    let body = text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) } ?? ""
    return (status, body)
  }

  @Test func servesTheSiteAndRebuildsWhenAPostChanges() throws {
    let site = try TestSite(files: ["posts/a.md": TestSite.post("First words.\n")])
    defer { site.remove() }
    let server = PreviewServer(builder: site.builder, options: BuildOptions(), log: { _ in })
    let port = try server.start(port: 0)
    let thread = Thread { server.run() }
    thread.start()
    defer { server.stop() }

    let first = try Self.get("/blog/posts/a/", port: port)
    #expect(first.status == 200)
    #expect(first.body.contains("First words."))
    #expect(try Self.get("/__lenscribe/generation", port: port).body == "1")
    #expect(try Self.get("/blog/../lenscribe.yml", port: port).status == 403)

    try site.write("posts/a.md", TestSite.post("Second words.\n"))
    var generation = "1"
    for _ in 0..<40 where generation == "1" {
      Thread.sleep(forTimeInterval: 0.25)
      generation = try Self.get("/__lenscribe/generation", port: port).body
    }
    #expect(generation == "2")
    #expect(try Self.get("/blog/posts/a/", port: port).body.contains("Second words."))

    // A broken edit keeps the last good site up.
    try site.write("posts/a.md", "no front matter\n")
    Thread.sleep(forTimeInterval: 1.5)
    #expect(try Self.get("/__lenscribe/generation", port: port).body == "2")
    #expect(try Self.get("/blog/posts/a/", port: port).body.contains("Second words."))
  }
}
