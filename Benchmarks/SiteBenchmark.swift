import Foundation

/// Cold build and no-change rebuild of a site: the example site's configuration and posts plus
/// one post with lens blocks, built by the `lenscribe` binary next to this benchmark.
enum SiteBenchmark {
  static let post = """
    ---
    title: Bench post
    date: 2026-11-29
    summary: Lens blocks to time.
    ---

    ```lens
    analysis: logit-lens
    prompt: I go to the basketball court to
    ```

    ```lens
    analysis: predictions
    prompt: I go to the basketball court to
    ```

    ```lens
    analysis: residual-change
    prompt: The capital of France is Paris. The capital of Germany is
    ```

    ```lens
    analysis: attention-sinks
    prompt: The capital of France is Paris. The capital of Germany is
    ```

    """

  static func run() {
    print("")
    print("site       lenscribe build of the example site plus a post with 4 lens blocks (SmolLM2)")
    let fileManager = FileManager.default
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("lenscribe").path
    let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("site")
    let site = fileManager.temporaryDirectory.appendingPathComponent("lenscribe-bench-site-\(UUID())")
    defer { try? fileManager.removeItem(at: site) }
    do {
      try fileManager.createDirectory(at: site, withIntermediateDirectories: true)
      for item in ["lenscribe.yml", "posts"] {
        try fileManager.copyItem(at: source.appendingPathComponent(item), to: site.appendingPathComponent(item))
      }
      try post.write(to: site.appendingPathComponent("posts/bench.md"), atomically: true, encoding: .utf8)
      let cold = try time(binary, ["build", site.path])
      let warm = try time(binary, ["build", site.path])
      print("  cold build      \(String(format: "%.3f", cold)) s")
      print("  no-change build \(String(format: "%.3f", warm)) s")
    } catch {
      print("  site benchmark failed: \(error)")
    }
  }

  private static func time(_ executable: String, _ arguments: [String]) throws -> Double {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    let start = DispatchTime.now()
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
    return Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
  }
}
