import Foundation
import Synchronization

/// Threads that stay awake between the many short parallel steps of a trace.
///
/// A trace is hundreds of parallel steps of a few hundred microseconds each (one per matrix
/// multiply, attention, ...). Handing each to libdispatch costs a wake-up of a sleeping worker
/// thread per step, and on a virtual machine waking an idle CPU takes about as long as the
/// step itself: measured on a 2-core VM, a 0.66 ms multiply took as long with two threads as
/// with one. Like llama.cpp's thread pool, these workers instead spin on a counter for a
/// while after each step (`spinNanoseconds`), so the next step starts on them at once, and
/// sleep on a condition when nothing comes. Spinning threads yield their core every thousand
/// turns, so a step is not held up when the threads share a core with each other or with other
/// work.
///
/// One step runs at a time: a `run` while another is in flight (from another thread, or from
/// inside a step) returns false and the caller uses libdispatch instead. Which thread runs a
/// piece never changes what the piece computes.
final class WorkerPool: @unchecked Sendable {
  /// One pool per process, with a worker for every core but the caller's.
  static let shared = WorkerPool(workers: Parallel.processorCount - 1)

  /// How long an idle worker spins before it sleeps.
  static let spinNanoseconds: UInt64 = 4_000_000

  /// One step: its pieces, claimed one at a time by whoever is free.
  private final class Job: Sendable {
    let pieces: [Range<Int>]
    let body: @Sendable (Range<Int>) -> Void
    let next = Atomic<Int>(0)
    let done = Atomic<Int>(0)
    /// Workers that may still join (the caller is one of the job's threads).
    let seats: Atomic<Int>

    init(pieces: [Range<Int>], threads: Int, body: @escaping @Sendable (Range<Int>) -> Void) {
      self.pieces = pieces
      self.body = body
      seats = Atomic(threads - 1)
    }

    /// Whether a worker may take part (at most `threads - 1` do).
    func takeSeat() -> Bool {
      seats.wrappingSubtract(1, ordering: .relaxed).oldValue > 0
    }

    /// Runs pieces until none is left to claim.
    func work() {
      while true {
        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
        guard index < pieces.count else { return }
        body(pieces[index])
        done.wrappingAdd(1, ordering: .releasing)
      }
    }
  }

  private let workers: Int
  /// Bumped (under `condition`) for each new job; spinning workers watch it.
  private let serial = Atomic<Int>(0)
  /// Workers waiting on `condition`.
  private let sleeping = Atomic<Int>(0)
  /// Set while a job is in flight.
  private let busy = Atomic<Bool>(false)
  private let condition = NSCondition()
  /// The newest job (guarded by `condition`).
  private var current: Job?
  private let started = Atomic<Bool>(false)

  private init(workers: Int) {
    self.workers = max(0, workers)
  }

  /// Runs `body` on every piece on up to `threads` threads, the caller's among them, and
  /// returns when all are done; false (having run nothing) when the pool is busy or has no
  /// workers.
  func run(
    _ pieces: [Range<Int>], threads: Int, _ body: @escaping @Sendable (Range<Int>) -> Void
  ) -> Bool {
    guard workers > 0,
      busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
    else { return false }
    defer { busy.store(false, ordering: .releasing) }
    startWorkersOnce()
    let job = Job(pieces: pieces, threads: threads, body: body)
    condition.lock()
    current = job
    serial.wrappingAdd(1, ordering: .sequentiallyConsistent)
    if sleeping.load(ordering: .sequentiallyConsistent) > 0 { condition.broadcast() }
    condition.unlock()
    job.work()
    var spins = 0
    while job.done.load(ordering: .acquiring) < pieces.count {
      spins &+= 1
      if spins & 1023 == 0 { Self.yieldProcessor() }
    }
    condition.lock()
    current = nil
    condition.unlock()
    return true
  }

  /// Lets another thread that is ready to run on this core go first (a spinning thread must
  /// not hold up the one it waits for when both share a core).
  private static func yieldProcessor() {
    _ = sched_yield()
  }

  private func startWorkersOnce() {
    guard started.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged
    else { return }
    for index in 0..<workers {
      let thread = Thread { [self] in workerLoop() }
      thread.name = "lenscribe-worker-\(index)"
      thread.stackSize = 1 << 20
      thread.start()
    }
  }

  private func workerLoop() {
    var seen = 0
    while true {
      waitForJob(after: seen)
      condition.lock()
      seen = serial.load(ordering: .sequentiallyConsistent)
      let job = current
      condition.unlock()
      if let job, job.takeSeat() { job.work() }
    }
  }

  /// Returns once `serial` differs from `seen`: spinning first, then sleeping.
  private func waitForJob(after seen: Int) {
    var spins = 0
    var deadline: UInt64 = 0
    while serial.load(ordering: .acquiring) == seen {
      spins &+= 1
      guard spins & 1023 == 0 else { continue }
      Self.yieldProcessor()
      let now = DispatchTime.now().uptimeNanoseconds
      if deadline == 0 {
        deadline = now + Self.spinNanoseconds
      } else if now > deadline {
        condition.lock()
        sleeping.wrappingAdd(1, ordering: .sequentiallyConsistent)
        while serial.load(ordering: .sequentiallyConsistent) == seen { condition.wait() }
        sleeping.wrappingSubtract(1, ordering: .sequentiallyConsistent)
        condition.unlock()
        return
      }
    }
  }
}
