import Engine
import Foundation
import ModelSynthesis
import Registry

/// `lenscribe-bench scale`: lenscribe at Llama 2 7B's size, next to llama.cpp on the same file
/// in the same run. The model has Llama 2 7B's shapes, hyper-parameters and SentencePiece
/// vocabulary and random weights, written as Q8_0 and turned into Q4_K_M by llama.cpp's own
/// quantizer (the file people download), once, into the cache.
///
/// Each measurement is a whole process timed from outside (start-up, load, tokenizing, the
/// forward pass, writing the output), with its peak RSS: `lenscribe trace` against llama.cpp
/// evaluating the same prompt with logits for every position, alternated within each round so
/// that the machine's drift hits both alike; then one full `lenscribe report`.
enum ScaleBenchmark {
  static let rounds = 3
  static let prompts = [
    "The capital of France is Paris,",
    "In 1905, a patent clerk in Bern published four papers that changed physics. The first "
      + "explained the photoelectric effect by treating light as made of quanta; the second "
      + "described the random motion of small particles suspended in a liquid; the third "
      + "introduced special relativity; and the fourth, only three pages long, showed that mass "
      + "and energy are equivalent. Within a few years, the clerk was a professor, and",
  ]

  static func run() {
    print("")
    print("scale      Llama-2-7B-shaped Q4_K_M (random weights, Llama 2's vocabulary): whole "
      + "processes, median of \(rounds) rounds alternating lenscribe and llama.cpp")
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    let python = ModelStore.cacheRoot().appendingPathComponent("venv/bin/python").path
    guard FileManager.default.isExecutableFile(atPath: python) else {
      print("  (not measured: run `make reference-venv` to build llama-cpp-python)")
      return
    }
    do {
      let model = try prepareModel(python: python, root: root)
      try measure(model: model, python: python, root: root)
    } catch {
      print("  scale: \(error)")
    }
  }

  /// The cached Q4_K_M file, made first if missing. Its name carries a digest of the model's
  /// description, so a changed description never reuses an old file.
  static func prepareModel(python: String, root: URL) throws -> URL {
    let model = SyntheticModel.llama2_7B
    let key = FileDigest.sha256(bytes: Array(String(describing: model).utf8)).prefix(12)
    let folder = ModelStore.cacheRoot().appendingPathComponent("bench")
    let target = folder.appendingPathComponent("\(model.name)-q4_k_m-\(key).gguf")
    if FileManager.default.fileExists(atPath: target.path) { return target }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let vocabulary = try GGUFFile(
      path: ModelStore.cacheRoot().appendingPathComponent("llama-vocab/ggml-vocab-\(model.vocabulary).gguf").path)
    let source = folder.appendingPathComponent("\(model.name)-q8_0-\(key).gguf")
    defer { try? FileManager.default.removeItem(at: source) }
    print("  writing the Q8_0 model once (7.2 GB) into \(folder.path)")
    try model.write(to: source, vocabularyFile: vocabulary)
    print("  quantizing it to Q4_K_M with llama.cpp (about 6 minutes on 2 cores)")
    _ = try MeasuredProcess.run(
      python, [root.appendingPathComponent("scripts/quantize-gguf.py").path, source.path, target.path, "Q4_K_M"])
    return target
  }

  struct Row {
    var ours: [MeasuredProcess] = []
    var reference: [MeasuredProcess] = []
  }

  static func measure(model: URL, python: String, root: URL) throws {
    let lenscribe = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("lenscribe").path
    let scratch = FileManager.default.temporaryDirectory
      .appendingPathComponent("lenscribe-bench-scale-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let runner = root.appendingPathComponent("scripts/llama-cpp-run.py").path
    let tokenizer = try Tokenizer(file: GGUFFile(path: model.path))
    let counts = prompts.map { tokenizer.encode($0, addBOS: true).count }
    let promptFiles = try prompts.enumerated().map { index, text in
      let url = scratch.appendingPathComponent("prompt\(index).txt")
      try Data(text.utf8).write(to: url)
      return url.path
    }
    func ours(_ index: Int) throws -> MeasuredProcess {
      try MeasuredProcess.run(
        lenscribe,
        ["trace", "--model", model.path, "--prompt", prompts[index], "--out",
         scratch.appendingPathComponent("trace.safetensors").path])
    }
    func reference(_ index: Int) throws -> MeasuredProcess {
      let run = try MeasuredProcess.run(python, [runner, model.path, promptFiles[index]])
      let count = Int(run.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
      if count != counts[index] {
        print("  note: llama.cpp made \(count) tokens of prompt \(index + 1), lenscribe \(counts[index])")
      }
      return run
    }
    // One untimed run of each brings the file into the page cache for both.
    _ = try ours(0)
    _ = try reference(0)
    var rows = Array(repeating: Row(), count: prompts.count)
    for round in 0..<rounds {
      for index in prompts.indices {
        if round % 2 == 0 {
          rows[index].ours.append(try ours(index))
          rows[index].reference.append(try reference(index))
        } else {
          rows[index].reference.append(try reference(index))
          rows[index].ours.append(try ours(index))
        }
      }
    }
    let reports = try prompts.indices.map { index in
      try MeasuredProcess.run(
        lenscribe,
        ["report", prompts[index], "--model", model.path, "--out",
         scratch.appendingPathComponent("report\(index)").path, "--date", "2026-01-01"])
    }
    let fileBytes = (try FileManager.default.attributesOfItem(atPath: model.path)[.size] as? NSNumber)?.intValue ?? 0
    print(table(rows: rows, counts: counts, reports: reports, fileBytes: fileBytes))
  }

  static func table(rows: [Row], counts: [Int], reports: [MeasuredProcess], fileBytes: Int) -> String {
    let pad = KernelBenchmark.pad
    func gigabytes(_ bytes: Int) -> String { String(format: "%.2f GB", Double(bytes) / 1e9) }
    func seconds(_ value: Double) -> String { String(format: "%.1f s", value) }
    var lines = ["", "  file \(gigabytes(fileBytes))",
      "  tokens   lenscribe trace   llama.cpp   ratio   lenscribe RSS (x file)   llama.cpp RSS"]
    for (row, count) in zip(rows, counts) {
      let ours = ForwardBenchmark.median(row.ours.map(\.seconds))
      let reference = ForwardBenchmark.median(row.reference.map(\.seconds))
      let ratio = ForwardBenchmark.median(zip(row.ours, row.reference).map { $0.seconds / $1.seconds })
      let rss = row.ours.map(\.peakRSS).max() ?? 0
      lines.append(
        "  " + pad("\(count)", 6, false) + pad(seconds(ours), 18, true) + pad(seconds(reference), 12, true)
          + pad(String(format: "%.2f", ratio), 8, true)
          + pad("\(gigabytes(rss)) (\(String(format: "%.2f", Double(rss) / Double(fileBytes))))", 25, true)
          + pad(gigabytes(row.reference.map(\.peakRSS).max() ?? 0), 16, true))
    }
    // A first report of the file: it hashes the 4 GB once (later reports in the same folder
    // remember the digest).
    for (report, count) in zip(reports, counts) {
      lines.append(
        "  report, \(count) tokens (every analysis, site built): \(seconds(report.seconds)), "
          + "peak RSS \(gigabytes(report.peakRSS)) "
          + "(\(String(format: "%.2f", Double(report.peakRSS) / Double(fileBytes))) x file)")
    }
    return lines.joined(separator: "\n")
  }
}
