// `make bench`: lenscribe's throughput next to reference numbers measured in the same run.
//   lenscribe-bench            every benchmark
//   lenscribe-bench forward    only the forward pass against llama.cpp
//   lenscribe-bench scale      only the Llama-2-7B-shaped model against llama.cpp
//   (also: kernels, tokenizers, analyses, tuned-lens, interventions, site)
import Foundation

let usage = """
  usage: lenscribe-bench [BENCHMARK]
    (none)       every benchmark below, in this order
    tokenizers   encoding speed of both tokenizers against llama.cpp's
    kernels      GFLOP/s of y = W x for every tensor format
    forward      prompt processing of the two real models against llama.cpp
    analyses     seconds per analysis on a 128-token trace
    tuned-lens   fitting both models' tuned lenses, and the tuned-lens blocks
    interventions  what the intervention hooks cost, and patching's time
    site         building the example site
    scale        a Llama-2-7B-shaped Q4_K_M model against llama.cpp (made once, ~7 min)
  also: forward-profile MODEL.gguf [TOKENS], synthesize FOLDER
  """

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
case "tuned-lens":
  TunedLensBenchmark.run()
case "interventions":
  InterventionBenchmark.run()
case "site":
  SiteBenchmark.run()
case "scale":
  ScaleBenchmark.run()
case "-h", "--help", "help":
  print(usage)
case .some(let name):
  FileHandle.standardError.write(Data("lenscribe-bench: no benchmark \(name)\n\(usage)\n".utf8))
  exit(2)
case .none:
  TokenizerBenchmark.run()
  KernelBenchmark.run()
  ForwardBenchmark.run()
  AnalysisBenchmark.run()
  TunedLensBenchmark.run()
  InterventionBenchmark.run()
  SiteBenchmark.run()
  ScaleBenchmark.run()
}
