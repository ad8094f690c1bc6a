import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// `lenscribe serve`: builds the site, serves `SITE/public` on 127.0.0.1, rebuilds when a
/// source changes and makes open pages reload. Hummingbird serves each connection on its own,
/// so a client that reads or writes slowly holds up no one else; a connection whose request
/// has not all arrived within `idleTimeout` (sent a byte at a time, or not at all) is closed.
public final class PreviewServer: @unchecked Sendable {
  private let builder: SiteBuilder
  private let options: BuildOptions
  private let idleTimeout: Duration
  private let log: @Sendable (String) -> Void
  private let executor = PreviewExecutor()
  private let lock = NSLock()
  private var generation = 0
  private var basePath = "/"
  private var serving: Task<Void, Never>?
  private var group: ServiceGroup?
  private var stopping = false
  private var watcher: SourceWatcher?

  /// A server for the site of `builder`; `log` gets one line per build and problem.
  /// `idleTimeout` bounds how long a connection may sit without a complete request.
  public init(
    builder: SiteBuilder, options: BuildOptions, idleTimeout: Duration = .seconds(10),
    log: @escaping @Sendable (String) -> Void
  ) {
    self.builder = builder
    self.options = options
    self.idleTimeout = idleTimeout
    self.log = log
  }

  /// Builds the site and listens on 127.0.0.1:`port` (0: any free port); returns the port.
  public func start(port: UInt16) async throws(PublishError) -> UInt16 {
    // The sources as the first build reads them: an edit made from here on is a change, even
    // one made before `run()` gets going.
    let watcher = SourceWatcher(folder: builder.folder)
    lock.withLock { self.watcher = watcher }
    try await rebuild(throwing: true)
    let started = StartSignal()
    let limit = TimeAmount(idleTimeout)
    let application = Application(
      responder: PreviewResponder(currentRouter: { [self] in router() }),
      server: .http1(
        configuration: .init(
          additionalChannelHandlers: [RequestBodyDeadline(limit: limit)], idleTimeout: limit)),
      configuration: .init(address: .hostname("127.0.0.1", port: Int(port))),
      onServerRunning: { channel in
        let port = channel.localAddress?.port.map { UInt16($0) }
        started.tell(port.map { .success($0) } ?? .failure(.serveFailed(reason: "no port")))
      },
      logger: Self.quietLogger)
    var configuration = ServiceGroupConfiguration(
      services: [application], logger: Self.quietLogger)
    // A stop lets answers being written finish, for a second at most: a client that never
    // reads is then cut off rather than waited for.
    configuration.maximumGracefulShutdownDuration = .seconds(1)
    let group = ServiceGroup(configuration: configuration)
    let task = Task(executorPreference: executor) { [self] in
      do {
        try await group.run()
      } catch {
        started.tell(.failure(.serveFailed(
          reason: "cannot listen on 127.0.0.1:\(port): \(error); try another --port")))
        if !isStopping { log("the preview server stopped: \(error)") }
      }
      // Whatever ended it, the server is gone: a start still waiting hears so, run() returns.
      started.tell(.failure(.serveFailed(reason: "the server stopped before it listened")))
      lock.withLock { stopping = true }
    }
    lock.withLock {
      serving = task
      self.group = group
    }
    return try await started.wait().get()
  }

  /// Rebuilds whenever a source changes, until `stop()`; then waits for the server to close.
  /// Returns at once when the server was never started.
  public func run() async {
    guard var watcher = lock.withLock({ watcher }) else { return }
    // On the server's own queue too, so that a busy shared pool cannot delay a rebuild.
    await withTaskExecutorPreference(executor) {
      while !isStopping {
        // Twice a second, as before: quick enough for an edit, cheap on a large site.
        try? await Task.sleep(for: .milliseconds(500))
        if !isStopping, watcher.changed() { try? await rebuild(throwing: false) }
      }
      await lock.withLock { serving }?.value
    }
  }

  /// Closes the listening socket, then every connection within a second; `run()` returns
  /// once they are closed.
  public func stop() {
    let group = lock.withLock {
      stopping = true
      return self.group
    }
    // On the server's queue: with the shared pool's threads all busy (a build, or a test
    // runner's other tests), a shutdown queued there could wait for seconds.
    if let group {
      Task(executorPreference: executor) { await group.triggerGracefulShutdown() }
    }
  }

  /// How many builds succeeded so far.
  public var builds: Int { lock.withLock { generation } }

  private var isStopping: Bool { lock.withLock { stopping } }

  /// The router for the last good build.
  private func router() -> PreviewRouter {
    let (generation, basePath) = lock.withLock { (self.generation, self.basePath) }
    return PreviewRouter(root: builder.output, basePath: basePath, generation: generation)
  }

  /// Builds on a thread of its own, so that a long build never occupies one of the few
  /// threads of Swift's shared pool; a failed build leaves the last good site up.
  private func rebuild(throwing: Bool) async throws(PublishError) {
    let outcome = await Self.onItsOwnThread { [self] () -> Result<BuildOutcome, PublishError> in
      do throws(PublishError) {
        let report = try builder.build(options)
        return .success(BuildOutcome(report: report, config: try builder.config()))
      } catch {
        return .failure(error)
      }
    }
    switch outcome {
    case .failure(let error):
      log("build failed; the last good site is still served:\n\(error)")
      if throwing { throw error }
    case .success(let built):
      lock.withLock {
        generation += 1
        basePath = built.config.basePath
      }
      let report = built.report
      log(
        "built \(report.posts.count) posts (\(report.ranCount) figures ran, "
          + "\(report.reusedCount) reused)")
    }
  }

  /// What a successful build hands back to the server.
  private struct BuildOutcome: Sendable {
    var report: BuildReport
    var config: SiteConfig
  }

  /// `work` on a thread of its own, off the shared pool, so that a long build (or a test's
  /// blocking client) cannot starve the tasks that serve requests.
  package static func onItsOwnThread<T: Sendable>(
    _ work: @escaping @Sendable () -> T
  ) async -> T {
    await withCheckedContinuation { continuation in
      Thread.detachNewThread { continuation.resume(returning: work()) }
    }
  }

  /// Hummingbird's own log lines (a line per start, per request at debug level, and an
  /// "error" for each connection that `stop()` cuts off) stay out of the terminal; this server
  /// logs its builds and problems through `log`, and a port it cannot bind is thrown.
  private static let quietLogger: Logger = {
    var logger = Logger(label: "lenscribe.serve")
    logger.logLevel = .critical
    return logger
  }()
}
