import Analysis
import Engine
import Foundation
import Registry

/// The real models the integration tests run on (fetched into the cache by `make test`), each
/// loaded once with its tokenizer and the trace of the test prompt.
enum TestModels {
  /// The prompt of the closing report.
  static let prompt = "I go to the basketball court to"

  static func path(_ model: RegistryModel) throws -> String {
    let store = ModelStore.standard()
    guard store.isFetched(model) else { throw TestModelError.notFetched(model.name) }
    return store.location(of: model).path
  }

  /// Model, tokenizer and the traced prompt (BOS added explicitly).
  struct Loaded: Sendable {
    let transformer: Transformer
    let tokenizer: Tokenizer
    let trace: Trace
    var unembedding: Unembedding { Unembedding(transformer: transformer) }
    var label: TokenLabeler { { [tokenizer] in tokenizer.displayPiece($0) } }
  }

  static func load(_ model: RegistryModel) throws -> Loaded {
    let transformer = try Transformer(path: path(model))
    let tokenizer = try Tokenizer(file: transformer.file)
    let tokens = tokenizer.encode(prompt, addBOS: true)
    let trace = try transformer.trace(tokens: tokens)
    return Loaded(transformer: transformer, tokenizer: tokenizer, trace: trace)
  }

  private static let cache = LoadedCache()

  /// The loaded model, shared by every test in the process.
  static func shared(_ model: RegistryModel) throws -> Loaded {
    try cache.get(model)
  }
}

/// One load per model for the whole test process.
private final class LoadedCache: @unchecked Sendable {
  private let lock = NSLock()
  private var loaded: [String: TestModels.Loaded] = [:]

  func get(_ model: RegistryModel) throws -> TestModels.Loaded {
    lock.lock()
    defer { lock.unlock() }
    if let value = loaded[model.name] { return value }
    let value = try TestModels.load(model)
    loaded[model.name] = value
    return value
  }
}

enum TestModelError: Error, CustomStringConvertible {
  case notFetched(String)
  var description: String {
    switch self {
    case .notFetched(let name):
      "model \(name) is not in the cache: run `make test` (it fetches the models) or "
        + "`lenscribe models fetch \(name)`"
    }
  }
}
