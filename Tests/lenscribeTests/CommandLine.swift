import Foundation

/// Runs the built `lenscribe` binary (next to the test bundle) and collects what it printed.
struct CommandLineRun {
  let status: Int32
  let stdout: String
  let stderr: String
  /// Whether the run was killed for taking longer than its time limit.
  var timedOut = false

  /// The `lenscribe` executable of the same build as the tests.
  static var executable: URL {
    var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 where !FileManager.default.fileExists(atPath: folder.appendingPathComponent("lenscribe").path) {
      folder.deleteLastPathComponent()
    }
    return folder.appendingPathComponent("lenscribe")
  }

  /// Runs `lenscribe` with `arguments` and `environment` added to the current environment;
  /// kills it after `limit` seconds (a hang is a failure, not a stuck test run).
  static func run(
    _ arguments: [String], environment: [String: String] = [:], limit: TimeInterval = 600
  ) throws -> CommandLineRun {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    nonisolated(unsafe) var killed = false
    let deadline = DispatchWorkItem {
      if process.isRunning {
        killed = true
        process.terminate()
      }
    }
    DispatchQueue.global().asyncAfter(deadline: .now() + limit, execute: deadline)
    // Read both pipes concurrently so a large output cannot block the child.
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
      errData = err.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    deadline.cancel()
    return CommandLineRun(
      status: process.terminationStatus,
      stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self), timedOut: killed)
  }
}
