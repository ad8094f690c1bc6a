import ArgumentParser
import Engine
import Registry

/// `lenscribe inspect MODEL [--json]`: metadata and tensor table of a GGUF file.
struct InspectCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inspect",
    abstract: "Show a GGUF file's metadata, hyper-parameters, tokenizer and tensor table."
  )

  @Argument(help: "A registry model name or a path to a .gguf file.")
  var model: String = RegistryModel.defaultModel.name

  @Flag(help: "Print canonical JSON (sorted keys) instead of text.")
  var json = false

  func run() throws {
    let path = try ModelStore.standard().resolve(model, log: Terminal.progress)
    let summary = GGUFSummary(try GGUFFile(path: path))
    // The text form escapes the file's strings itself; JSON leaves C1 controls raw.
    let output = json ? TerminalText.escapedJSON(try CanonicalJSON.string(summary)) : summary.text
    print(output, terminator: "")
  }
}
