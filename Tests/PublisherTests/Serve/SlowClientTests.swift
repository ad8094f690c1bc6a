import Foundation
import Publisher
import Testing

/// Clients that read or write slowly must not hold up the preview server for anyone else.
@Suite struct SlowClientTests {
  /// How long a page may take while another client misbehaves.
  static let patience = Duration.seconds(2)

  /// `GET path`, and how long the answer took.
  static func timedGet(_ path: String, port: UInt16) throws -> (status: Int, took: Duration) {
    let clock = ContinuousClock()
    let start = clock.now
    let page = try LoopbackClient.get(path, port: port)
    return (page.status, clock.now - start)
  }

  @Test func aClientThatNeverReadsALargeFileDoesNotHoldUpOthers() async throws {
    let served = try await ServedSite(files: ["posts/a.md": TestSite.post("Words.\n")])
    // Larger than the kernel's largest send buffer (4 MiB on Linux) plus the client's window.
    let large = served.site.builder.output.appendingPathComponent("large.bin")
    try Data(count: 16 << 20).write(to: large)

    let reader = try LoopbackClient(port: served.port, receiveBuffer: 4096)
    defer { reader.close() }
    #expect(reader.send("GET /blog/large.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
    try await Task.sleep(for: .milliseconds(300))

    let page = try Self.timedGet("/blog/", port: served.port)
    #expect(page.status == 200)
    #expect(page.took < Self.patience, "the page took \(page.took)")
    // Stopping must not wait for the client that never reads.
    try await served.stop()
  }

  @Test func aClientThatTricklesItsRequestDoesNotHoldUpOthers() async throws {
    let served = try await ServedSite(files: ["posts/a.md": TestSite.post("Words.\n")])
    let trickler = try LoopbackClient(port: served.port)
    // One byte every half second, never finishing the request line; bounded to 4 s.
    let trickling = Thread {
      for byte in "GET /blog/".prefix(8) {
        guard trickler.send(String(byte)) else { break }
        Thread.sleep(forTimeInterval: 0.5)
      }
      trickler.close()
    }
    trickling.start()
    try await Task.sleep(for: .milliseconds(300))

    let page = try Self.timedGet("/blog/", port: served.port)
    #expect(page.status == 200)
    #expect(page.took < Self.patience, "the page took \(page.took)")
    try await served.stop()
  }

  @Test func aRequestHeadSentAByteAtATimeIsCutOff() async throws {
    let took = try await Self.trickle("GET /blog/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    let cutOff = try #require(took, "the server kept a request head that never completed open")
    #expect(cutOff < .seconds(3), "cut off only after \(cutOff)")
  }

  @Test func aRequestBodySentAByteAtATimeIsCutOff() async throws {
    let head = "POST /blog/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n"
    let took = try await Self.trickle(String(repeating: "x", count: 40), after: head)
    let cutOff = try #require(took, "the server kept a request body that never completed open")
    #expect(cutOff < .seconds(3), "cut off only after \(cutOff)")
  }

  /// Sends `prefix`, then `bytes` one every quarter second (5 s at most) to a server whose
  /// idle timeout is one second; how long until the server closed the connection, or nil.
  /// The clock runs on a thread of its own, so a busy test runner cannot stretch it.
  static func trickle(_ bytes: String, after prefix: String = "") async throws -> Duration? {
    let served = try await ServedSite(
      files: ["posts/a.md": TestSite.post("Words.\n")], idleTimeout: .seconds(1))
    let trickler = try LoopbackClient(port: served.port)
    let took = await PreviewServer.onItsOwnThread { () -> Duration? in
      defer { trickler.close() }
      let clock = ContinuousClock()
      let start = clock.now
      var closed = !trickler.send(prefix)
      for byte in bytes.prefix(20) where !closed {
        Thread.sleep(forTimeInterval: 0.25)
        closed = !trickler.send(String(byte)) || trickler.serverHasClosed()
      }
      return closed ? clock.now - start : nil
    }
    try await served.stop()
    return took
  }
}
