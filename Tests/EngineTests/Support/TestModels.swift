import Engine
import Foundation
import Registry
import Testing

/// The real models the tests run on, from the standard cache (`make test` fetches them first).
enum TestModels {
  /// Path of a registry model in the cache; records an issue when it is missing.
  static func path(_ model: RegistryModel) throws -> String {
    let store = ModelStore.standard()
    guard store.isFetched(model) else {
      throw TestModelError.notFetched(model.name)
    }
    return store.location(of: model).path
  }

  static var smollm2: String { get throws { try path(.smollm2) } }
  static var gemma3: String { get throws { try path(.gemma3) } }

  /// The folder of committed fixtures (`Tests/EngineTests/Fixtures`).
  static var fixtures: URL {
    Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
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
