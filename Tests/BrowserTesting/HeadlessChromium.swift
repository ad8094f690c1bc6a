import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Headless Chromium for the browser tests of several test targets (PublisherTests,
/// FiguresTests), driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`:
/// JSON messages ending in NUL, commands on fd 3, answers and events on fd 4). Outside
/// addresses resolve to nothing, so a page that reaches out gets a console error.
public final class HeadlessChromium {
  public enum Failure: Error, CustomStringConvertible {
    case notInstalled
    case protocolError(String)
    case timeout(String)

    public var description: String {
      switch self {
      case .notInstalled:
        "no headless Chromium found: install it with `apt-get install chromium-headless-shell` "
          + "(`make deps` does)"
      case .protocolError(let text): "DevTools protocol error: \(text)"
      case .timeout(let what): "Chromium did not answer in time: \(what)"
      }
    }
  }

  /// Everything Chromium reported while the page loaded.
  public struct PageLoad {
    public var consoleErrors: [String] = []
    public var requests: [String] = []
    public var failures: [String] = []
    /// The viewport as PNG after the probe ran, when asked for.
    public var screenshot: Data?
  }

  private var pid: pid_t = 0
  private let commands: FileHandle
  private let answers: FileHandle
  private var buffer = Data()
  private var nextID = 0
  private var events: [[String: Any]] = []
  private let profile: URL

  /// The browser binary, if one is installed.
  static var executable: String? {
    [
      "/usr/lib/chromium/chromium-headless-shell", "/usr/bin/chromium-headless-shell",
      "/usr/lib/chromium/headless_shell", "/usr/bin/chromium",
    ]
    .first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  public init() throws {
    guard let executable = Self.executable else { throw Failure.notInstalled }
    profile = FileManager.default.temporaryDirectory.appendingPathComponent(
      "lenscribe-chromium-\(UUID())")
    var toBrowser: [Int32] = [0, 0]
    var fromBrowser: [Int32] = [0, 0]
    guard pipe(&toBrowser) == 0, pipe(&fromBrowser) == 0 else {
      throw Failure.protocolError("pipe")
    }
    let arguments = [
      executable, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
      "--remote-debugging-pipe", "--user-data-dir=\(profile.path)",
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "about:blank",
    ]
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, toBrowser[0], 3)
    posix_spawn_file_actions_adddup2(&actions, fromBrowser[1], 4)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    // Nothing else of this process: tests running beside this one have sockets open (NIO's
    // lack close-on-exec), and a copy held by the browser would keep them from ever closing.
    #if os(Linux)
      _ = Self.closeFrom?(&actions, 5)
    #endif
    // Its own process group, so that closing it also ends what a wrapper script started
    // (Debian's /usr/bin/chromium-headless-shell runs the browser as a child, not with exec).
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
    posix_spawnattr_setpgroup(&attributes, 0)
    var argv = arguments.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    let status = posix_spawn(&pid, executable, &actions, &attributes, &argv, environ)
    close(toBrowser[0])
    close(fromBrowser[1])
    guard status == 0 else { throw Failure.protocolError("cannot start \(executable): \(status)") }
    commands = FileHandle(fileDescriptor: toBrowser[1], closeOnDealloc: true)
    answers = FileHandle(fileDescriptor: fromBrowser[0], closeOnDealloc: true)
  }

  #if os(Linux)
    private typealias AddCloseFrom = @convention(c) (
      UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32
    ) -> Int32

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 on), which Swift's Glibc module
    /// does not declare; nil on an older glibc, where the browser inherits what it inherits.
    private static let closeFrom: AddCloseFrom? = dlsym(
      UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np"
    ).map { unsafeBitCast($0, to: AddCloseFrom.self) }
  #endif

  deinit {
    kill(-pid, SIGKILL)
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    try? FileManager.default.removeItem(at: profile)
  }

  /// Loads `url` with `prefers-color-scheme` set to `scheme` (and a viewport of `width` x
  /// `height` CSS pixels, if given: tall enough, lazy images load too), waits for the load event and half a second more, and evaluates
  /// `expression` in the page; returns what happened and its value.
  public func load(
    _ url: String, scheme: String, width: Int? = nil, height: Int = 800,
    javaScript: Bool = true, screenshot: Bool = false, evaluate expression: String
  ) throws -> (PageLoad, Any?) {
    let target = try send("Target.createTarget", ["url": "about:blank"])
    guard let targetID = target["targetId"] as? String else {
      throw Failure.protocolError("no target")
    }
    let attached = try send("Target.attachToTarget", ["targetId": targetID, "flatten": true])
    guard let session = attached["sessionId"] as? String else {
      throw Failure.protocolError("no session")
    }
    for domain in ["Runtime.enable", "Log.enable", "Network.enable", "Page.enable"] {
      _ = try send(domain, [:], session: session)
    }
    _ = try send(
      "Emulation.setEmulatedMedia",
      ["features": [["name": "prefers-color-scheme", "value": scheme]]], session: session)
    if let width {
      _ = try send(
        "Emulation.setDeviceMetricsOverride",
        ["width": width, "height": height, "deviceScaleFactor": 1, "mobile": false],
        session: session)
    }
    if !javaScript {
      // The page's own scripts do not run; the probe (Runtime.evaluate) still does.
      _ = try send("Emulation.setScriptExecutionDisabled", ["value": true], session: session)
    }
    events.removeAll()
    _ = try send("Page.navigate", ["url": url], session: session)
    try waitForEvent("Page.loadEventFired", session: session)
    Thread.sleep(forTimeInterval: 0.5)
    let result = try send(
      "Runtime.evaluate", ["expression": expression, "returnByValue": true, "awaitPromise": true],
      session: session)
    var load = PageLoad()
    if screenshot {
      let shot = try send("Page.captureScreenshot", ["format": "png"], session: session)
      load.screenshot = (shot["data"] as? String).flatMap { Data(base64Encoded: $0) }
    }
    for event in events where event["sessionId"] as? String == session {
      let params = event["params"] as? [String: Any] ?? [:]
      switch event["method"] as? String {
      case "Runtime.consoleAPICalled" where params["type"] as? String == "error":
        load.consoleErrors.append("\(params["args"] ?? "")")
      case "Runtime.exceptionThrown":
        load.consoleErrors.append("\(params["exceptionDetails"] ?? "")")
      case "Log.entryAdded":
        let entry = params["entry"] as? [String: Any] ?? [:]
        if entry["level"] as? String == "error" {
          load.consoleErrors.append("\(entry["text"] ?? "")")
        }
      case "Network.requestWillBeSent":
        let request = params["request"] as? [String: Any] ?? [:]
        load.requests.append(request["url"] as? String ?? "")
      case "Network.loadingFailed":
        load.failures.append("\(params["errorText"] ?? "")")
      default: break
      }
    }
    _ = try send("Target.closeTarget", ["targetId": targetID])
    return (load, (result["result"] as? [String: Any])?["value"])
  }

  /// Sends a command and waits for its answer, keeping the events that arrive meanwhile.
  private func send(_ method: String, _ params: [String: Any], session: String? = nil) throws
    -> [String: Any]
  {
    nextID += 1
    var message: [String: Any] = ["id": nextID, "method": method, "params": params]
    if let session { message["sessionId"] = session }
    var data = try JSONSerialization.data(withJSONObject: message)
    data.append(0)
    try commands.write(contentsOf: data)
    let id = nextID
    while true {
      let message = try readMessage(waitingFor: method)
      if message["id"] as? Int == id {
        if let error = message["error"] { throw Failure.protocolError("\(method): \(error)") }
        return message["result"] as? [String: Any] ?? [:]
      }
      if message["method"] != nil { events.append(message) }
    }
  }

  private func waitForEvent(_ method: String, session: String) throws {
    if events.contains(where: { $0["method"] as? String == method }) { return }
    while true {
      let message = try readMessage(waitingFor: method)
      if message["method"] != nil { events.append(message) }
      if message["method"] as? String == method, message["sessionId"] as? String == session {
        return
      }
    }
  }

  private func readMessage(waitingFor what: String) throws -> [String: Any] {
    let deadline = Date().addingTimeInterval(30)
    while true {
      if let end = buffer.firstIndex(of: 0) {
        let message = buffer[buffer.startIndex..<end]
        buffer.removeSubrange(buffer.startIndex...end)
        return (try JSONSerialization.jsonObject(with: Data(message))) as? [String: Any] ?? [:]
      }
      var poller = pollfd(fd: answers.fileDescriptor, events: Int16(POLLIN), revents: 0)
      guard Date() < deadline, poll(&poller, 1, 1000) >= 0 else { throw Failure.timeout(what) }
      if poller.revents & Int16(POLLIN | POLLHUP) != 0 {
        let chunk = answers.availableData
        if chunk.isEmpty { throw Failure.protocolError("Chromium closed the pipe while \(what)") }
        buffer.append(chunk)
      }
    }
  }
}
