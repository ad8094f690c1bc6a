import Engine
import Foundation
import Registry

/// Prompt processing of lenscribe (a full trace: residuals, attention, logits) next to llama.cpp
/// (llama-cpp-python 0.3.36 in the reference venv, 2 threads, logits for every position) on the
/// same GGUF files and the same token ids, measured in the same run.
enum ForwardBenchmark {
  static let lengths = [32, 128, 512]
  static let repeats = 5
  /// Rounds of (lenscribe, llama.cpp), in alternating order: on a shared machine whose speed
  /// drifts by tens of percent over minutes, each round's ratio compares runs made close
  /// together, and the reported ratio is the median of the rounds'.
  static let rounds = 5

  static func run() {
    print("")
    print("forward    prompt processing, median of \(repeats) warm runs, in \(rounds) rounds that alternate "
      + "lenscribe and llama.cpp; lenscribe traces everything, llama.cpp computes logits")
    let python = ModelStore.cacheRoot().appendingPathComponent("venv/bin/python").path
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("scripts/bench-llama-cpp.py").path
    for model in RegistryModel.all {
      let store = ModelStore.standard()
      guard store.isFetched(model) else {
        print("\(model.name): not fetched (make models)")
        continue
      }
      let path = store.location(of: model).path
      do {
        let ids = try promptIDs(path: path)
        var ours: [Measurement] = []
        var reference: [Measurement] = []
        for round in 0..<rounds {
          if round % 2 == 1, let r = measureLlamaCpp(python: python, script: script, path: path, ids: ids) {
            reference.append(r)
          }
          ours.append(try measureSelf(model: model.name, path: path, ids: ids))
          if round % 2 == 0, let r = measureLlamaCpp(python: python, script: script, path: path, ids: ids) {
            reference.append(r)
          }
        }
        report(model: model.name, ours: ours, reference: reference)
        try reportMemoryBound(path: path, ids: ids[32]!)
      } catch {
        print("\(model.name): \(error)")
      }
    }
  }

  /// Deterministic prompts: a fixed English text, tokenized, repeated, cut to each length.
  static func promptIDs(path: String) throws -> [Int: [Int]] {
    let file = try GGUFFile(path: path)
    let tokenizer = try Tokenizer(file: file)
    let text = String(repeating: "The old lighthouse keeper climbed the stairs every evening, "
      + "counting the steps and listening to the waves below. ", count: 60)
    let all = tokenizer.encode(text, addBOS: true)
    return Dictionary(uniqueKeysWithValues: lengths.map { ($0, Array(all.prefix($0))) })
  }

  struct Measurement {
    var load: Double
    var prompt: [Int: Double]
    var peakRSS: Int
  }

  /// Runs this benchmark binary again as `forward-child`, so the peak RSS is lenscribe's alone.
  static func measureSelf(model: String, path: String, ids: [Int: [Int]]) throws -> Measurement {
    let idsFile = try write(ids)
    defer { try? FileManager.default.removeItem(at: idsFile) }
    let output = try MeasuredProcess.run(CommandLine.arguments[0], ["forward-child", path, idsFile.path]).output
    return try decode(output)
  }

  static func measureLlamaCpp(python: String, script: String, path: String, ids: [Int: [Int]]) -> Measurement? {
    guard FileManager.default.isExecutableFile(atPath: python) else { return nil }
    guard let idsFile = try? write(ids) else { return nil }
    defer { try? FileManager.default.removeItem(at: idsFile) }
    guard let output = try? MeasuredProcess.run(python, [script, path, idsFile.path, String(repeats)]).output else { return nil }
    return try? decode(output)
  }

  /// The child: load, then time `repeats` warm traces per length; print JSON.
  static func child(path: String, idsFile: String) throws {
    let ids = try JSONDecoder().decode([String: [Int]].self, from: Data(contentsOf: URL(fileURLWithPath: idsFile)))
    let start = DispatchTime.now()
    let model = try Transformer(path: path)
    let load = seconds(since: start)
    var prompt: [String: Double] = [:]
    for (length, tokens) in ids.sorted(by: { Int($0.key)! < Int($1.key)! }) {
      var times: [Double] = []
      for _ in 0...repeats {
        let t = DispatchTime.now()
        _ = try model.trace(tokens: tokens)
        times.append(seconds(since: t))
      }
      prompt[length] = median(Array(times.dropFirst()))
    }
    let peak = peakResidentBytes()
    let result: [String: Any] = ["load": load, "prompt": prompt, "peak_rss": peak]
    print(String(decoding: try JSONSerialization.data(withJSONObject: result), as: UTF8.self))
  }

  /// Issue 4's memory bound: peak RSS of a 32-token trace under 1.5 x the GGUF file plus the
  /// trace itself, measured in a process that traces only those 32 tokens.
  static func reportMemoryBound(path: String, ids: [Int]) throws {
    let ours = try measureSelf(model: "", path: path, ids: [ids.count: ids])
    let config = try ModelConfig(file: GGUFFile(path: path))
    let n = ids.count
    let (l, d, h, v) = (config.layerCount, config.embeddingLength, config.headCount, config.vocabularySize)
    let traceBytes = ((2 * l + 1) * n * d + l * h * n * n + n * v) * 4
    let fileBytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
    let bound = fileBytes * 3 / 2 + traceBytes
    print("  memory at \(n) tokens: peak RSS \(ours.peakRSS >> 20) MiB, bound 1.5 x \(fileBytes >> 20) MiB file "
      + "+ \(traceBytes >> 20) MiB trace = \(bound >> 20) MiB: \(ours.peakRSS <= bound ? "within" : "OVER")")
  }

  /// This process's peak resident set (VmHWM of /proc/self/status). Not getrusage: Linux
  /// carries ru_maxrss across exec, so a child would report the parent's peak.
  static func peakResidentBytes() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
      let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
      return kilobytes * 1024
    }
    return 0
  }

  /// One table per model: per length, the median over the rounds of each side's time and of
  /// the rounds' ratios, with the lowest and highest ratio of a round.
  static func report(model: String, ours: [Measurement], reference: [Measurement]) {
    func middle(_ values: [Double]) -> Double { values.isEmpty ? .nan : median(values) }
    let paired = reference.count == ours.count
    print("")
    print("\(model)   load \(format(middle(ours.map(\.load)))) s "
      + "(llama.cpp \(reference.isEmpty ? "-" : format(middle(reference.map(\.load)))) s), "
      + "peak RSS \((ours.map(\.peakRSS).max() ?? 0) >> 20) MiB "
      + "(llama.cpp \(reference.isEmpty ? "-" : "\((reference.map(\.peakRSS).max() ?? 0) >> 20)") MiB)")
    print("  tokens   lenscribe s   llama.cpp s   ratio   rounds' ratios")
    for length in lengths {
      let a = ours.map { $0.prompt[length] ?? .nan }
      let b = reference.map { $0.prompt[length] ?? .nan }
      let ratios = paired ? zip(a, b).map { $0 / $1 } : []
      let pad = KernelBenchmark.pad
      print("  " + pad("\(length)", 6, false) + pad(format(middle(a)), 14, true)
        + pad(b.isEmpty ? "-" : format(middle(b)), 14, true)
        + pad(ratios.isEmpty ? "-" : format(middle(ratios)), 8, true)
        + "   " + ratios.map(format).joined(separator: " "))
    }
    if reference.isEmpty {
      print("  (llama.cpp not measured: run `make reference-venv` to build llama-cpp-python)")
    }
  }

  private static func decode(_ output: String) throws -> Measurement {
    let line = output.split(separator: "\n").last.map(String.init) ?? ""
    guard let json = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
      let load = json["load"] as? Double, let prompt = json["prompt"] as? [String: Double],
      let rss = json["peak_rss"] as? Int
    else { throw CocoaError(.coderReadCorrupt) }
    return Measurement(
      load: load, prompt: Dictionary(uniqueKeysWithValues: prompt.map { (Int($0.key)!, $0.value) }), peakRSS: rss)
  }

  private static func write(_ ids: [Int: [Int]]) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("lenscribe-bench-\(UUID()).json")
    let keyed = Dictionary(uniqueKeysWithValues: ids.map { (String($0.key), $0.value) })
    try JSONEncoder().encode(keyed).write(to: url)
    return url
  }

  private static func seconds(since start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
  }

  /// The median of `values` (the mean of the middle two for an even count); NaN for none.
  static func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
  }

  private static func format(_ value: Double) -> String { String(format: "%.3f", value) }
}
