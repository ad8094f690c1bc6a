import Analysis
import Engine
import Foundation
import Registry

/// Time of each analysis (default options) on a 128-token trace of each real model.
enum AnalysisBenchmark {
  static let tokens = 128

  static func run() {
    print("")
    print("analyses   seconds per analysis on a \(tokens)-token trace (default options, 1 run)")
    print(KernelBenchmark.pad("analysis", 21) + RegistryModel.all.map { KernelBenchmark.pad($0.name, 14, right: true) }.joined())
    var columns: [[(String, Double)]] = []
    for model in RegistryModel.all {
      let store = ModelStore.standard()
      guard store.isFetched(model) else { continue }
      do {
        columns.append(try measure(path: store.location(of: model).path))
      } catch {
        print("\(model.name): \(error)")
        return
      }
    }
    guard let names = columns.first?.map(\.0) else { return }
    for (row, name) in names.enumerated() {
      print(KernelBenchmark.pad(name, 21) + columns.map {
        KernelBenchmark.pad(String(format: "%.3f", $0[row].1), 14, right: true)
      }.joined())
    }
  }

  static func measure(path: String) throws -> [(String, Double)] {
    let file = try GGUFFile(path: path)
    let tokenizer = try Tokenizer(file: file)
    let transformer = try Transformer(file: file)
    let text = String(repeating: "I go to the basketball court to play with my friends after school. ", count: 20)
    let ids = Array(tokenizer.encode(text, addBOS: true).prefix(tokens))
    let trace = try transformer.trace(tokens: ids)
    let unembedding = Unembedding(transformer: transformer)
    let dictionaries = try Dictionaries(transformer: transformer)
    var results: [(String, Double)] = []
    func time(_ name: String, _ body: () throws -> Void) rethrows {
      let start = DispatchTime.now()
      try body()
      results.append((name, Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9))
    }
    var lens: LogitLens?
    var change: ResidualChange?
    try time("predictions") { _ = try Predictions(trace: trace) }
    try time("logit-lens") { lens = try LogitLens(trace: trace, unembedding: unembedding) }
    try time("lens-quality") {
      _ = try LensQuality(
        trace: trace, unembedding: unembedding,
        bytes: tokenizer.decode(Array(ids.dropFirst())).count)
    }
    try time("trajectory") { _ = try Trajectory(trace: trace, unembedding: unembedding) }
    try time("residual-change") { change = try ResidualChange(trace: trace) }
    try time("attention") { _ = try Attention(trace: trace) }
    try time("attention-sinks") { _ = try AttentionSinks(trace: trace) }
    try time("massive-activations") { _ = try MassiveActivations(trace: trace) }
    try time("dictionary") {
      _ = try DictionaryReading(dictionaries: dictionaries, trace: trace, options: .init(source: .input(token: ids[2])))
    }
    let words = Capacity.ordinaryWords(tokenizer: tokenizer)
    try time("capacity") { _ = try Capacity(dictionaries: dictionaries, candidates: words) }
    try time("memory-purge") {
      _ = try MemoryPurge(trace: trace, dictionaries: dictionaries, unembedding: unembedding)
    }
    try time("compare") {
      _ = try Comparison(
        leftName: "a", leftLens: lens!, leftChange: change!, rightName: "b", rightLens: lens!,
        rightChange: change!)
    }
    return results
  }
}
