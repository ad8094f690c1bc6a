import Dispatch

/// Runs the preview server's tasks on a serial queue of their own instead of Swift's shared
/// pool, which has one thread per core (two, on the project's machines): blocking work
/// elsewhere in the process (tests waiting on sockets or running a build) occupying those
/// threads must not leave a page unanswered. The work per request is small (a file read into
/// memory); the sockets themselves are NIO's, on its own threads.
package final class PreviewExecutor: TaskExecutor {
  private let queue: DispatchQueue

  /// An executor on a new serial queue named `label`.
  package init(label: String = "lenscribe.serve") { queue = DispatchQueue(label: label) }

  package func enqueue(_ job: consuming ExecutorJob) {
    let job = UnownedJob(job)
    queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
  }
}
