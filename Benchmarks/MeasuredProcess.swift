import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// One whole process, timed from outside: wall-clock seconds from spawn to exit and its peak
/// resident set from wait4. The parent must stay small while it waits, because Linux folds the
/// parent's high-water mark into a child spawned with a shared address space.
struct MeasuredProcess {
  let seconds: Double
  let peakRSS: Int
  let output: String

  enum Failure: Error, CustomStringConvertible {
    case spawn(String, Int32)
    case exit(String, Int32, String)
    var description: String {
      switch self {
      case .spawn(let program, let code): "could not start \(program): \(String(cString: strerror(code)))"
      case .exit(let program, let status, let message):
        "\(program) failed (wait status \(status)): \(message)"
      }
    }
  }

  /// Runs `program` with `arguments`; its stdout is kept (small outputs only), and the last
  /// line of its stderr goes into the error when it fails (progress lines stay out of the
  /// bench's report).
  static func run(_ program: String, _ arguments: [String]) throws -> MeasuredProcess {
    let outputFile = FileManager.default.temporaryDirectory
      .appendingPathComponent("lenscribe-bench-\(UUID().uuidString).out")
    let errorFile = outputFile.appendingPathExtension("err")
    defer {
      try? FileManager.default.removeItem(at: outputFile)
      try? FileManager.default.removeItem(at: errorFile)
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, outputFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errorFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let argv = ([program] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    let start = DispatchTime.now()
    var pid = pid_t()
    let spawned = posix_spawn(&pid, program, &actions, nil, argv, environ)
    guard spawned == 0 else { throw Failure.spawn(program, spawned) }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    // exited normally with status 0: the low 16 bits are all zero
    guard status & 0xFFFF == 0 else {
      let errors = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
      let last = errors.split(whereSeparator: \.isNewline).last.map(String.init) ?? "no message"
      throw Failure.exit(program, status, last)
    }
    let output = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
    return MeasuredProcess(seconds: seconds, peakRSS: usage.ru_maxrss * 1024, output: output)
  }
}
