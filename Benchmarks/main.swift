// `make bench`: lenscribe's throughput next to reference numbers measured in the same run.
//   lenscribe-bench            every benchmark
//   lenscribe-bench forward    only the forward pass against llama.cpp
//   (also: kernels, tokenizers, analyses, site)
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "forward-child":
  // Internal: one model's timings in a process of its own, so its peak RSS is its own.
  do {
    try ForwardBenchmark.child(path: arguments[1], idsFile: arguments[2])
  } catch {
    FileHandle.standardError.write(Data("forward-child: \(error)\n".utf8))
    exit(1)
  }
case "forward":
  ForwardBenchmark.run()
case "forward-profile":
  // Where a trace's time goes: lenscribe-bench forward-profile MODEL.gguf [TOKENS]
  do {
    try ForwardProfile.run(
      path: arguments[1], tokens: arguments.count > 2 ? Int(arguments[2]) ?? 128 : 128)
  } catch {
    FileHandle.standardError.write(Data("forward-profile: \(error)\n".utf8))
    exit(1)
  }
case "synthesize":
  // Writes the oracle's random-weight models: lenscribe-bench synthesize FOLDER
  // (scripts/make-oracle-goldens.py runs llama.cpp on them).
  do {
    try Synthesize.run(folder: arguments.count > 1 ? arguments[1] : ".")
  } catch {
    FileHandle.standardError.write(Data("synthesize: \(error)\n".utf8))
    exit(1)
  }
case "kernels":
  KernelBenchmark.run()
case "tokenizers":
  TokenizerBenchmark.run()
case "analyses":
  AnalysisBenchmark.run()
case "site":
  SiteBenchmark.run()
default:
  TokenizerBenchmark.run()
  KernelBenchmark.run()
  ForwardBenchmark.run()
  AnalysisBenchmark.run()
  SiteBenchmark.run()
}
