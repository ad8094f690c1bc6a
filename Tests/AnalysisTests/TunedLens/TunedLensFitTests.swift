import Engine
import Foundation
import ModelSynthesis
import Testing

@testable import Analysis

@Suite struct NormalEquationsTests {
  /// The textbook example (Wikipedia, "Cholesky decomposition"): A = L Lᵀ with
  /// L = [[2, 0, 0], [6, 1, 0], [-8, 5, 3]].
  @Test func choleskyOfTheTextbookMatrix() throws {
    let a: [Double] = [4, 12, -16, 12, 37, -43, -16, -43, 98]
    let l = try #require(NormalEquations.cholesky(a, size: 3))
    #expect(l == [2, 0, 0, 6, 1, 0, -8, 5, 3])
    #expect(NormalEquations.cholesky([1, 2, 2, 1], size: 2) == nil)
    // L Lᵀ x = b for b = A (1, 2, 3): x = (1, 2, 3).
    let b: [Double] = [4 + 24 - 48, 12 + 74 - 129, -16 - 86 + 294]
    let x = NormalEquations.solve(factor: l, size: 3, right: b, columns: 1)
    for (value, expected) in zip(x, [1.0, 2, 3]) { #expect(abs(value - expected) < 1e-12) }
  }

  /// Targets that are an exact affine map of the inputs give that map back (the ridge is tiny).
  @Test func anExactAffineMapIsRecovered() throws {
    let width = 8
    var random = SplitMix64(seed: 7)
    func uniform() -> Float { Float(random.next() % 20_001) / 10_000 - 1 }
    let map = (0..<(width * width)).map { _ in uniform() }
    let bias = (0..<width).map { _ in uniform() }
    var equations = NormalEquations(width: width)
    for _ in 0..<3 {
      let count = 200
      let inputs = (0..<(count * width)).map { _ in uniform() }
      var targets = [Float](repeating: 0, count: count * width)
      for row in 0..<count {
        for output in 0..<width {
          var sum = bias[output]
          for input in 0..<width { sum += map[output * width + input] * inputs[row * width + input] }
          targets[row * width + output] = sum
        }
      }
      try equations.add(inputs: inputs, targets: targets, count: count)
    }
    #expect(equations.positions == 600)
    let fit = try equations.solve(ridge: 1e-9, layer: 0)
    for (value, expected) in zip(fit.weight, map) { #expect(abs(value - expected) < 1e-3) }
    for (value, expected) in zip(fit.bias, bias) { #expect(abs(value - expected) < 1e-3) }
  }

  /// With the largest ridge and targets equal to the inputs' negatives, the translator stays
  /// much nearer the identity (the logit lens) than the least-squares answer, minus the identity.
  @Test func theRidgePullsTowardsTheLogitLens() throws {
    let width = 8
    var random = SplitMix64(seed: 3)
    let inputs = (0..<(64 * width)).map { _ in Float(random.next() % 2001) / 1000 - 1 }
    var equations = NormalEquations(width: width)
    try equations.add(inputs: inputs, targets: inputs.map { -$0 }, count: 64)
    let loose = try equations.solve(ridge: 1e-9, layer: 0).weight
    let tight = try equations.solve(ridge: 1, layer: 0).weight
    #expect(abs(loose[0] + 1) < 1e-3)
    #expect(tight[0] > loose[0] + 0.5)
  }
}

@Suite struct TunedLensStoreTests {
  /// A llama-shaped random model of width 64 with a plain vocabulary, written to a temporary file.
  static func synthetic() throws -> (Transformer, URL) {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("lenscribe-tuned-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let vocabulary = folder.appendingPathComponent("vocabulary.gguf")
    try AtomicFile.write(Data(SyntheticModel.plainVocabulary(64).bytes()), to: vocabulary)
    var model = SyntheticModel(name: "tuned", vocabulary: "test")
    model.width = 64
    let url = folder.appendingPathComponent("model.gguf")
    try model.write(to: url, vocabularyFile: try GGUFFile(path: vocabulary.path))
    return (try Transformer(path: url.path), folder)
  }

  static func windows(_ transformer: Transformer) -> [[Int]] {
    var random = SplitMix64(seed: 11)
    let vocabulary = UInt64(transformer.config.vocabularySize)
    return (0..<12).map { _ in (0..<100).map { _ in Int(random.next() % vocabulary) } }
  }

  @Test func fittingTwiceGivesTheSameBytesAndOtherInputsAnotherFile() throws {
    let (transformer, folder) = try Self.synthetic()
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = TunedLensStore(directory: folder.appendingPathComponent("lenses"))
    let options = TunedLensFit.Options(tokens: 1200, window: 100)
    let key = TunedLensStore.Key(model: "m", corpus: "c", options: options)
    var steps: [Int] = []
    let lens = try TunedLensFit.fit(
      transformer: transformer, windows: Self.windows(transformer), options: options
    ) { done, _ in steps.append(done) }
    #expect(steps == Array(1...13))
    let first = try store.store(lens, for: key)
    let again = try TunedLensFit.fit(
      transformer: transformer, windows: Self.windows(transformer), options: options)
    #expect(try store.store(again, for: key) == first)
    // What a change of the fit's arithmetic must show: bump `TunedLensFit.method` with it.
    #expect(first == "463a7a82973eeda2305d45dfa3c6225e6d1f03b68a7176c9e9bc5c7c398adc3f")
    var other = options
    other.ridge = 1e-2
    let keys = [
      TunedLensStore.Key(model: "m", corpus: "c2", options: options),
      TunedLensStore.Key(model: "m2", corpus: "c", options: options),
      TunedLensStore.Key(model: "m", corpus: "c", options: other),
    ]
    #expect(Set(keys.map { store.location(of: $0) } + [store.location(of: key)]).count == 4)
    let loaded = try store.load(key, modelName: "tuned", layerCount: 2, width: 64)
    #expect(loaded.weights == lens.weights && loaded.biases == lens.biases && loaded.digest == first)
  }

  @Test func aMissingOrCorruptFileIsAClearError() throws {
    let (transformer, folder) = try Self.synthetic()
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = TunedLensStore(directory: folder.appendingPathComponent("lenses"))
    let options = TunedLensFit.Options(tokens: 1200, window: 100)
    let key = TunedLensStore.Key(model: "m", corpus: "c", options: options)
    #expect(throws: TunedLensError.notFitted(model: "tuned")) {
      try store.load(key, modelName: "tuned", layerCount: 2, width: 64)
    }
    let lens = try TunedLensFit.fit(
      transformer: transformer, windows: Self.windows(transformer), options: options)
    try store.store(lens, for: key)
    let url = store.location(of: key)
    // Another model's shape, a truncated file, a key that is not this one.
    #expect(throws: TunedLensError.self) {
      try store.load(key, modelName: "tuned", layerCount: 3, width: 64)
    }
    let bytes = try Data(contentsOf: url)
    try bytes.prefix(bytes.count - 100).write(to: url)
    do {
      _ = try store.load(key, modelName: "tuned", layerCount: 2, width: 64)
      Issue.record("a truncated file was read")
    } catch let error as TunedLensError {
      guard case .corrupt(let path, let reason) = error else {
        Issue.record("\(error)")
        return
      }
      #expect(path == url.path && reason.contains("does not fit"))
      #expect(error.description.contains("delete it and run `lenscribe lens fit` again"))
    }
    try bytes.write(to: url)
    let elsewhere = TunedLensStore.Key(model: "m", corpus: "other", options: options)
    try FileManager.default.copyItem(at: url, to: store.location(of: elsewhere))
    #expect(throws: TunedLensError.corrupt(
      path: store.location(of: elsewhere).path, reason: "its metadata is not this fit's key")) {
      try store.load(elsewhere, modelName: "tuned", layerCount: 2, width: 64)
    }
  }

  /// The output row needs no translator, so the tuned lens's last layer is the model's output.
  @Test func theLastLayerIsTheModelsOutput() throws {
    let (transformer, folder) = try Self.synthetic()
    defer { try? FileManager.default.removeItem(at: folder) }
    let options = TunedLensFit.Options(tokens: 1200, window: 100)
    let lens = try TunedLensFit.fit(
      transformer: transformer, windows: Self.windows(transformer), options: options)
    let trace = try transformer.trace(tokens: [1, 5, 9, 2, 7])
    let result = try LogitLens(
      trace: trace, unembedding: Unembedding(transformer: transformer),
      options: .init(top: 2, lens: .tuned), tunedLens: lens)
    #expect(result.cells[trace.layerCount].allSatisfy { $0.divergence < 1e-9 })
    #expect(throws: AnalysisError.self) {
      try LogitLens(
        trace: trace, unembedding: Unembedding(transformer: transformer),
        options: .init(lens: .tuned))
    }
  }
}
