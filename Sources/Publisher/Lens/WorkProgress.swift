/// Progress on an analysis that runs in steps of about equal cost: a log line at most every
/// few seconds, with how much is done and an estimate of the time left. Quick work says nothing.
package struct WorkProgress {
  private let what: String
  private let log: (String) -> Void
  private let every: Duration
  private let clock = ContinuousClock()
  private let start: ContinuousClock.Instant
  private var lastLine: ContinuousClock.Instant

  /// Progress on `what` ("capacity: values of k"), told to `log` at most once per `every`.
  package init(_ what: String, log: @escaping (String) -> Void, every: Duration = .seconds(5)) {
    self.what = what
    self.log = log
    self.every = every
    start = clock.now
    lastLine = start
  }

  /// `done` of `total` steps are done.
  package mutating func tell(done: Int, of total: Int) {
    let now = clock.now
    guard done > 0, done < total, now - lastLine >= every else { return }
    lastLine = now
    let left = (now - start) * (Double(total - done) / Double(done))
    log("\(what): \(done) of \(total) done, about \(Self.text(left)) left")
  }

  /// "40 s", "3 min", "2 h 5 min".
  package static func text(_ duration: Duration) -> String {
    let seconds = Int(duration.components.seconds)
    if seconds < 90 { return "\(seconds) s" }
    let minutes = (seconds + 30) / 60
    if minutes < 120 { return "\(minutes) min" }
    return "\(minutes / 60) h \(minutes % 60) min"
  }
}
