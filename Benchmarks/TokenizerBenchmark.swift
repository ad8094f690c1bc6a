import Engine
import Foundation
import Registry

/// Tokenizer throughput (MB/s) on 1 MB of English and 1 MB of mixed scripts, for both registry
/// models; next to llama.cpp's own tokenizer on the same bytes (llama-cpp-python in the venv,
/// when `make reference-venv` has built it), whose ids must be identical.
enum TokenizerBenchmark {
  static func run() {
    let texts = [
      ("english", Array(TokenizerBenchmarkText.english(bytes: 1 << 20).utf8)),
      ("mixed", Array(TokenizerBenchmarkText.mixed(bytes: 1 << 20).utf8)),
    ]
    let store = ModelStore.standard()
    for model in [RegistryModel.smollm2, RegistryModel.gemma3] {
      guard store.isFetched(model) else {
        print("tokenizer  \(model.name): not fetched (make models)")
        continue
      }
      let path = store.location(of: model).path
      let clock = ContinuousClock()
      var tokenizer: Tokenizer?
      let load = clock.measure { tokenizer = try? Tokenizer(file: GGUFFile(path: path)) }
      guard let tokenizer else {
        print("tokenizer  \(model.name): cannot load \(path)")
        continue
      }
      print("tokenizer  \(model.name) (\(tokenizer.summary)): loaded in \(milliseconds(load)) ms")
      let reference = Reference.run(model: path, texts: texts.map(\.1))
      for (index, (name, bytes)) in texts.enumerated() {
        var ids: [Int] = []
        var best = Duration.seconds(3600)
        for _ in 0..<3 {
          best = min(best, clock.measure { ids = tokenizer.encode(bytes: bytes, addBOS: false) })
        }
        let megabytes = Double(bytes.count) / 1_048_576
        var line =
          "tokenizer  \(model.name)  \(name) \(format(megabytes)) MB  \(ids.count) tokens"
          + "  \(format(megabytes / seconds(best))) MB/s"
        if let reference, index < reference.count {
          let other = reference[index]
          line +=
            "  | llama.cpp \(format(megabytes / other.seconds)) MB/s, ids "
            + (other.ids == ids ? "identical" : "DIFFERENT (\(other.ids.count) tokens)")
        }
        print(line)
      }
    }
  }

  static func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
  }

  static func milliseconds(_ duration: Duration) -> String { format(seconds(duration) * 1000) }

  static func format(_ value: Double) -> String {
    String(format: value >= 100 ? "%.0f" : "%.2f", value)
  }

  /// llama.cpp's tokenizer through llama-cpp-python, in the venv of `make reference-venv`.
  enum Reference {
    struct Result {
      let seconds: Double
      let ids: [Int]
    }

    static let script = """
      import sys, time, llama_cpp
      llama_cpp.llama_backend_init()
      params = llama_cpp.llama_model_default_params()
      params.vocab_only = True
      model = llama_cpp.llama_model_load_from_file(sys.argv[1].encode(), params)
      vocab = llama_cpp.llama_model_get_vocab(model)
      for path in sys.argv[2:]:
          data = open(path, "rb").read()
          size = len(data) + 8
          best = None
          for _ in range(3):
              tokens = (llama_cpp.llama_token * size)()
              start = time.perf_counter()
              n = llama_cpp.llama_tokenize(vocab, data, len(data), tokens, size, False, False)
              elapsed = time.perf_counter() - start
              best = elapsed if best is None else min(best, elapsed)
          print(best, " ".join(str(t) for t in tokens[:n]))
      """

    /// One result per text, or nil when the reference is not installed.
    static func run(model: String, texts: [[UInt8]]) -> [Result]? {
      let python = ModelStore.cacheRoot().appendingPathComponent("venv/bin/python")
      guard FileManager.default.isExecutableFile(atPath: python.path) else { return nil }
      let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("lenscribe-bench-\(ProcessInfo.processInfo.processIdentifier)")
      defer { try? FileManager.default.removeItem(at: folder) }
      do {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var paths: [String] = []
        for (index, text) in texts.enumerated() {
          let url = folder.appendingPathComponent("text-\(index).txt")
          try Data(text).write(to: url)
          paths.append(url.path)
        }
        let process = Process()
        process.executableURL = python
        process.arguments = ["-c", script, model] + paths
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
          let fields = line.split(separator: " ")
          guard let seconds = fields.first.flatMap({ Double($0) }) else { return nil }
          return Result(seconds: seconds, ids: fields.dropFirst().compactMap { Int($0) })
        }
      } catch {
        return nil
      }
    }
  }
}
