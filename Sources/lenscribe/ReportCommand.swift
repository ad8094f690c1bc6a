import ArgumentParser
import Engine
import Foundation
import Publisher
import Registry

/// `lenscribe report "PROMPT" [--model M] [--out DIR]`: every analysis of one prompt as a post,
/// in a small site built on the spot.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Write and build a post with every analysis of one prompt.",
    discussion: """
      DIR becomes a small site: DIR/lenscribe.yml, DIR/posts/SLUG.md (the post's source with \
      its lens blocks, ready to copy into any site) and DIR/public, built as `lenscribe build \
      DIR` would; open DIR/public/posts/SLUG/index.html. Each figure shows the finding computed \
      from the run. DIR must be new, empty, or a folder lenscribe report wrote before (more \
      reports are added to it). Running it again with the same prompt and model gives the \
      same bytes. Analyses that run the model once per head or per layer and position \
      (ablation, patchscope, patching) are left out where they would take long on the model \
      (over 3e12 operations), and the post says so.
      """
  )

  @Argument(help: "The text to run through the model.")
  var prompt: String

  @Option(help: "A registry model name or a path to a .gguf file.")
  var model: String = RegistryModel.defaultModel.name

  @Option(help: ArgumentHelp("The report folder.", valueName: "DIR"))
  var out: String = "report"

  @Option(
    help: ArgumentHelp(
      "The post's date, YYYY-MM-DD (default: the date of an earlier report on the same "
        + "prompt and model in DIR, else today in UTC).", valueName: "DATE"))
  var date: String?

  @Option(
    help: ArgumentHelp(
      "The prompt with one word changed, the same number of tokens, another answer (\"I go "
        + "to the tennis court to\"): adds activation patching, which finds the layers and "
        + "positions that carry the answer.", valueName: "PROMPT"))
  var corrupted: String?

  @Flag(help: "Run every lens block again instead of reusing cached results.")
  var force = false

  func run() throws {
    var postDate: PostDate?
    if let date {
      guard let parsed = PostDate(date) else { throw ReportError.badDate(date) }
      postDate = parsed
    }
    let options = BuildOptions(force: force, log: Progress.line)
    let writer = ReportWriter(
      prompt: prompt, model: model, folder: URL(fileURLWithPath: out), date: postDate,
      corrupted: corrupted, options: options)
    let outcome = try writer.write()
    let figures = outcome.build.blocks.filter {
      $0.file == "posts/" + outcome.source.lastPathComponent
    }
    print("wrote \(outcome.config.path)")
    print("wrote \(outcome.source.path)")
    print(
      "built \(outcome.page.path): \(figures.count) figure\(figures.count == 1 ? "" : "s") ("
        + outcome.analyses.map(\.rawValue).joined(separator: ", ") + ")")
  }
}
