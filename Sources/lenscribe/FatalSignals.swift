#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Turns the one crash a mapped model file can cause into a message.
///
/// Weights are read in place from a memory-mapped file; if another program truncates the file
/// while lenscribe runs, reading the vanished pages raises SIGBUS. The handler writes one line
/// saying so and exits with status 1 (only async-signal-safe calls: write and _exit).
enum FatalSignals {
  static func install() {
    var action = sigaction()
    #if canImport(Glibc)
      action.__sigaction_handler.sa_handler = { _ in
        FatalSignals.report()
      }
    #else
      action.__sigaction_u.__sa_handler = { _ in
        FatalSignals.report()
      }
    #endif
    sigemptyset(&action.sa_mask)
    sigaction(SIGBUS, &action, nil)
  }

  private static func report() {
    let message: StaticString =
      "Error: the model file was truncated or replaced while lenscribe was reading it; run again\n"
    _ = write(2, message.utf8Start, message.utf8CodeUnitCount)
    _exit(1)
  }
}
