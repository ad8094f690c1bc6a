import Analysis
import Engine
import Foundation
import Registry

/// Fitting a tuned lens with the default options on the default text (what `lenscribe lens
/// fit` does, without touching the cache), then the tuned-lens analyses on a 128-token trace.
enum TunedLensBenchmark {
  static func run() {
    print("")
    print("tuned lens   fitting (default options: 32768 tokens of Austen) and tuned-lens blocks")
    print("             on a \(AnalysisBenchmark.tokens)-token trace, seconds, 1 run")
    let novels: [CorpusText]
    do {
      novels = try CorpusStore.standard().austenNovels()
    } catch {
      print("corpus: \(error)")
      return
    }
    // The default text of `lenscribe lens fit`: every novel but the held-out one.
    let text = novels.filter { $0.name != AustenCorpus.heldOut }.map(\.text).joined()
    for model in RegistryModel.all {
      let store = ModelStore.standard()
      guard store.isFetched(model) else { continue }
      do {
        try measure(model.name, path: store.location(of: model).path, text: text)
      } catch {
        print("\(model.name): \(error)")
      }
    }
  }

  static func measure(_ name: String, path: String, text: String) throws {
    let file = try GGUFFile(path: path)
    let tokenizer = try Tokenizer(file: file)
    let transformer = try Transformer(file: file)
    let options = TunedLensFit.Options()
    let clock = ContinuousClock()
    var start = clock.now
    let windows = try TunedLensFit.windows(of: text, tokenizer: tokenizer, options: options)
    let lens = try TunedLensFit.fit(transformer: transformer, windows: windows, options: options)
    let fitting = (clock.now - start) / .seconds(1)
    print("\(KernelBenchmark.pad(name, 14)) fit \(String(format: "%.1f", fitting)) s "
      + "(\(windows.reduce(0) { $0 + $1.count }) tokens, \(transformer.config.layerCount) layers)")
    let sample = String(
      repeating: "I go to the basketball court to play with my friends after school. ", count: 20)
    let ids = Array(tokenizer.encode(sample, addBOS: true).prefix(AnalysisBenchmark.tokens))
    let trace = try transformer.trace(tokens: ids)
    let unembedding = Unembedding(transformer: transformer)
    let dictionaries = try Dictionaries(transformer: transformer)
    func time(_ block: String, _ body: () throws -> Void) rethrows {
      start = clock.now
      try body()
      let seconds = (clock.now - start) / .seconds(1)
      print("  " + KernelBenchmark.pad(block, 32) + String(format: "%8.3f", seconds))
    }
    try time("logit-lens, lens: tuned") {
      _ = try LogitLens(
        trace: trace, unembedding: unembedding, options: .init(lens: .tuned), tunedLens: lens)
    }
    try time("trajectory, lens: tuned") {
      _ = try Trajectory(
        trace: trace, unembedding: unembedding, options: .init(lens: .tuned), tunedLens: lens)
    }
    try time("dictionary, lens: tuned") {
      _ = try DictionaryReading(
        dictionaries: dictionaries, trace: trace,
        options: .init(source: .residual(layer: trace.layerCount / 2, position: ids.count - 1), lens: .tuned),
        tunedLens: lens)
    }
    try time("lens-quality, lens: both") {
      _ = try LensQuality(
        trace: trace, unembedding: unembedding,
        bytes: tokenizer.decode(Array(ids.dropFirst())).count, tunedLens: lens)
    }
  }
}
