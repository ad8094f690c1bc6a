import Foundation

/// The one outcome of starting the server (the port it listens on, or why it could not), told
/// by whichever comes first: Hummingbird's `onServerRunning`, or the server failing to bind.
final class StartSignal: @unchecked Sendable {
  private let lock = NSLock()
  private var outcome: Result<UInt16, PublishError>?
  private var waiter: CheckedContinuation<Result<UInt16, PublishError>, Never>?

  /// Records the outcome; only the first one counts.
  func tell(_ outcome: Result<UInt16, PublishError>) {
    let waiter = lock.withLock { () -> CheckedContinuation<Result<UInt16, PublishError>, Never>? in
      guard self.outcome == nil else { return nil }
      self.outcome = outcome
      defer { self.waiter = nil }
      return self.waiter
    }
    waiter?.resume(returning: outcome)
  }

  /// Waits for the outcome.
  func wait() async -> Result<UInt16, PublishError> {
    await withCheckedContinuation { continuation in
      let known = lock.withLock { () -> Result<UInt16, PublishError>? in
        if outcome == nil { waiter = continuation }
        return outcome
      }
      if let known { continuation.resume(returning: known) }
    }
  }
}
