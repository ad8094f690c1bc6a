import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `lenscribe serve`: builds the site, serves `SITE/public` on 127.0.0.1, rebuilds when a
/// source changes and makes open pages reload. One connection at a time; for previews only.
public final class PreviewServer: @unchecked Sendable {
  private let builder: SiteBuilder
  private let options: BuildOptions
  private let log: (String) -> Void
  private let lock = NSLock()
  private var listener: Int32 = -1
  private var stopping = false
  private var generation = 0
  private var basePath = "/"

  /// A server for the site of `builder`; `log` gets one line per build and problem.
  public init(builder: SiteBuilder, options: BuildOptions, log: @escaping (String) -> Void) {
    self.builder = builder
    self.options = options
    self.log = log
  }

  /// Builds the site and listens on 127.0.0.1:`port` (0: any free port); returns the port.
  public func start(port: UInt16) throws(PublishError) -> UInt16 {
    try rebuild(throwing: true)
    let fd = socket(AF_INET, Self.streamType, 0)
    guard fd >= 0 else { throw .serveFailed(reason: String(cString: strerror(errno))) }
    var yes: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0, listen(fd, 16) == 0 else {
      let reason = String(cString: strerror(errno))
      close(fd)
      throw .serveFailed(
        reason: "cannot listen on 127.0.0.1:\(port): \(reason); try another --port")
    }
    var actual = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &actual) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    lock.withLock { listener = fd }
    return UInt16(bigEndian: actual.sin_port)
  }

  /// Serves until `stop()`: answers requests, and rebuilds when a source changes.
  public func run() {
    var watcher = SourceWatcher(folder: builder.folder)
    var lastLook = ProcessInfo.processInfo.systemUptime
    while !lock.withLock({ stopping }) {
      let fd = lock.withLock { listener }
      var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      if poll(&poller, 1, 500) > 0, poller.revents & Int16(POLLIN) != 0 {
        let client = accept(fd, nil, nil)
        if client >= 0 { answer(client) }
      }
      // Look at the sources twice a second, however busy the socket is.
      let now = ProcessInfo.processInfo.systemUptime
      if now - lastLook >= 0.5 {
        lastLook = now
        if watcher.changed() { try? rebuild(throwing: false) }
      }
    }
    lock.withLock {
      close(listener)
      listener = -1
    }
  }

  /// Makes `run()` return within half a second.
  public func stop() { lock.withLock { stopping = true } }

  /// How many builds succeeded so far.
  public var builds: Int { lock.withLock { generation } }

  private func rebuild(throwing: Bool) throws(PublishError) {
    let report: BuildReport
    let config: SiteConfig
    do {
      report = try builder.build(options)
      config = try builder.config()
    } catch {
      log("build failed; the last good site is still served:\n\(error)")
      if throwing { throw error }
      return
    }
    lock.withLock {
      generation += 1
      basePath = config.basePath
    }
    log(
      "built \(report.posts.count) posts (\(report.ranCount) figures ran, \(report.reusedCount) "
        + "reused)")
  }

  #if os(Linux)
    private static let streamType = Int32(SOCK_STREAM.rawValue)
    private static let sendFlags = Int32(MSG_NOSIGNAL)
  #else
    private static let streamType = SOCK_STREAM
    private static let sendFlags: Int32 = 0
  #endif

  private func answer(_ client: Int32) {
    defer { close(client) }
    var timeout = timeval(tv_sec: 2, tv_usec: 0)
    setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var request = Data()
    var buffer = [UInt8](repeating: 0, count: 4096)
    while request.count < 65536, request.range(of: Data("\r\n\r\n".utf8)) == nil {
      let count = recv(client, &buffer, buffer.count, 0)
      guard count > 0 else { break }
      request.append(contentsOf: buffer[0..<count])
    }
    let line = String(decoding: request.prefix { $0 != 0x0D && $0 != 0x0A }, as: UTF8.self)
    let parts = line.split(separator: " ")
    let (generation, basePath) = lock.withLock { (self.generation, self.basePath) }
    let router = PreviewRouter(root: builder.output, basePath: basePath, generation: generation)
    let response =
      parts.count == 3
      ? router.respond(method: String(parts[0]), target: String(parts[1]))
      : .text(400, "bad request\n")
    let bytes = response.serialised(head: parts.first == "HEAD")
    bytes.withUnsafeBytes { raw in
      var sent = 0
      while sent < raw.count {
        let count = send(client, raw.baseAddress! + sent, raw.count - sent, Self.sendFlags)
        guard count > 0 else { return }
        sent += count
      }
    }
  }
}
