import Foundation
import Publisher

/// A test site served by a preview server on a free port, watching its sources as
/// `lenscribe serve` does, until `stop()`.
struct ServedSite {
  let site: TestSite
  let server: PreviewServer
  let port: UInt16
  private let running: Task<Void, Never>

  /// Builds and serves a site of `files` (path in the site -> text).
  init(files: [String: String], idleTimeout: Duration = .seconds(10)) async throws {
    site = try TestSite(files: files)
    server = PreviewServer(
      builder: site.builder, options: BuildOptions(), idleTimeout: idleTimeout, log: { _ in })
    port = try await server.start(port: 0)
    let server = server
    running = Task(executorPreference: serveTestQueue) { await server.run() }
  }

  /// Stops the server, fails unless it stopped within ten seconds (its own bound is one second
  /// of grace; the rest is room for a loaded machine), and removes the site.
  func stop() async throws {
    defer { site.remove() }
    server.stop()
    let running = running
    try await within(.seconds(10), "stopping the server") { await running.value }
  }
}

/// The result of `work`, or `ServeTestError.timedOut` after `limit`. `work` is left running
/// when it overruns (it may never end: that is what the test is finding out), not awaited.
func within<T: Sendable>(
  _ limit: Duration, _ what: String, _ work: @escaping @Sendable () async throws -> T
) async throws -> T {
  let outcome = FirstOutcome<T>()
  Task(executorPreference: serveTestQueue) {
    do { outcome.tell(.success(try await work())) } catch { outcome.tell(.failure(error)) }
  }
  Task {
    try? await Task.sleep(for: limit)
    outcome.tell(.failure(ServeTestError.timedOut(what: what, limit: limit)))
  }
  return try await outcome.wait().get()
}

/// Where the serve tests' own waits run: off Swift's shared pool, whose few threads the
/// runner's model tests may hold for seconds, so that a server that has stopped is seen to.
/// The limit's clock stays on the shared pool: a busy pool can only make it later, never
/// fail a server that stopped in time.
let serveTestQueue = PreviewExecutor(label: "lenscribe.serve-tests")

/// The first of several results, for `within`.
private final class FirstOutcome<T: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var outcome: Result<T, any Error>?
  private var waiter: CheckedContinuation<Result<T, any Error>, Never>?

  func tell(_ result: Result<T, any Error>) {
    let waiter = lock.withLock { () -> CheckedContinuation<Result<T, any Error>, Never>? in
      guard outcome == nil else { return nil }
      outcome = result
      defer { self.waiter = nil }
      return self.waiter
    }
    waiter?.resume(returning: result)
  }

  func wait() async -> Result<T, any Error> {
    await withCheckedContinuation { continuation in
      let known = lock.withLock { () -> Result<T, any Error>? in
        if outcome == nil { waiter = continuation }
        return outcome
      }
      if let known { continuation.resume(returning: known) }
    }
  }
}
