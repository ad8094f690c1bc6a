import Foundation
import Registry

/// The real model the trace tests run on, from the standard cache (`make test` fetches it).
enum TestModels {
  struct NotFetched: Error, CustomStringConvertible {
    let name: String
    var description: String {
      "model \(name) is not in the cache: run `make test` or `lenscribe models fetch \(name)`"
    }
  }

  static var smollm2: String {
    get throws {
      let store = ModelStore.standard()
      guard store.isFetched(.smollm2) else { throw NotFetched(name: RegistryModel.smollm2.name) }
      return store.location(of: .smollm2).path
    }
  }
}
