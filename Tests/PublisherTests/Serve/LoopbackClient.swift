import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A plain POSIX socket to 127.0.0.1 whose every wait is bounded (`SO_RCVTIMEO`, `SO_SNDTIMEO`),
/// so a server that stops answering fails a test instead of hanging it.
struct LoopbackClient: Sendable {
  let fd: Int32

  /// Connects to 127.0.0.1:`port`. `receiveBuffer` shrinks the socket's receive buffer, so that
  /// a client that never reads fills the server's send buffer after a few kilobytes.
  init(port: UInt16, timeout: Double = 2, receiveBuffer: Int32? = nil) throws {
    #if os(Linux)
      // Close-on-exec: a browser that another test starts must not inherit this socket.
      fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
    #else
      fd = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard fd >= 0 else { throw ServeTestError.socket(errno: errno) }
    var wait = timeval()
    wait.tv_sec = .init(timeout.rounded(.down))
    wait.tv_usec = .init(timeout.truncatingRemainder(dividingBy: 1) * 1e6)
    let size = socklen_t(MemoryLayout<timeval>.size)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, size)
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &wait, size)
    if var bytes = receiveBuffer {
      setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, socklen_t(MemoryLayout<Int32>.size))
    }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else {
      let code = errno
      closeSocket(fd)
      throw ServeTestError.connect(errno: code)
    }
  }

  /// Sends all of `text`; false when the server has closed the connection (or a send timed out).
  @discardableResult
  func send(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    var sent = 0
    while sent < bytes.count {
      let count = bytes[sent...].withUnsafeBytes {
        sendBytes(fd, $0.baseAddress, $0.count, Self.noSignal)
      }
      guard count > 0 else { return false }
      sent += count
    }
    return true
  }

  /// Everything the server sends until it closes, or until a read times out.
  func readToEnd() -> Data {
    var response = Data()
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = recv(fd, &buffer, buffer.count, 0)
      if count <= 0 { return response }
      response.append(contentsOf: buffer[0..<count])
    }
  }

  /// Whether the server has closed the connection: a read that would not block finds the end
  /// of the stream or a reset. Data the server sent first (an error page) is read and dropped.
  func serverHasClosed() -> Bool {
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
      if count == 0 { return true }
      if count < 0 { return errno != EAGAIN && errno != EWOULDBLOCK }
    }
  }

  func close() { closeSocket(fd) }

  /// One `GET path` with `Connection: close`; the status code (0 when none came) and body.
  static func get(_ path: String, port: UInt16) throws -> (status: Int, body: String) {
    let client = try LoopbackClient(port: port)
    defer { client.close() }
    client.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    let text = String(decoding: client.readToEnd(), as: UTF8.self)
    let status = Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0
    let body = text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) } ?? ""
    return (status, body)
  }

  #if os(Linux)
    private static let noSignal = Int32(MSG_NOSIGNAL)
  #else
    private static let noSignal: Int32 = 0
  #endif
}

/// What stops a serve test short of its expectations.
enum ServeTestError: Error, CustomStringConvertible {
  /// No socket could be made.
  case socket(errno: Int32)
  /// The server did not accept the connection.
  case connect(errno: Int32)
  /// A bounded wait (`within`) ran out.
  case timedOut(what: String, limit: Duration)

  var description: String {
    switch self {
    case .socket(let code): "socket(): \(String(cString: strerror(code)))"
    case .connect(let code): "connect() to 127.0.0.1: \(String(cString: strerror(code)))"
    case .timedOut(let what, let limit): "\(what) took longer than \(limit)"
    }
  }
}

// The system calls under names that LoopbackClient's own `send` and `close` do not hide.
private func closeSocket(_ fd: Int32) { close(fd) }
private func sendBytes(
  _ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int, _ flags: Int32
) -> Int {
  send(fd, bytes, count, flags)
}
