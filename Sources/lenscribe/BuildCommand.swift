import ArgumentParser
import Engine
import Foundation
import Publisher

/// `lenscribe build [SITE]`: the site's posts, lens blocks run or reused, into `SITE/public`.
struct BuildCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "build",
    abstract: "Build a site's posts into SITE/public, running only the lens blocks that changed.",
    discussion: """
      SITE holds lenscribe.yml, posts/*.md and optionally assets/ and templates/. The site is \
      built in a temporary folder and replaces SITE/public only when everything worked, links \
      included. Results of lens blocks are cached in SITE/.cache by content.
      """
  )

  @Argument(help: "The site folder.")
  var site: String = "site"

  @Flag(help: "Build and list drafts too.")
  var drafts = false

  @Flag(help: "Run every lens block again instead of reusing cached results.")
  var force = false

  @Flag(help: "Say for each lens block whether it ran or was reused, and why.")
  var explain = false

  @Option(
    name: .customLong("single-file"),
    help: ArgumentHelp(
      "Write one post (slug or posts/NAME.md) to standard output as a single HTML file with "
        + "its style sheet and figures inline; SITE/public is not touched.",
      valueName: "POST"))
  var singleFile: String?

  func run() throws {
    let builder = SiteBuilder(folder: URL(fileURLWithPath: site))
    let options = BuildOptions(drafts: drafts, force: force, log: Progress.line)
    if let singleFile {
      FileHandle.standardOutput.write(Data(try builder.singleFile(singleFile, options).utf8))
      return
    }
    let report = try builder.build(options)
    if explain {
      for block in report.blocks { print(block.description) }
    }
    let posts = report.posts.count
    let figures = report.blocks.count
    print(
      "built \(posts) post\(posts == 1 ? "" : "s") into \(builder.output.path): \(figures) "
        + "figure\(figures == 1 ? "" : "s"), \(report.ranCount) ran, \(report.reusedCount) reused")
  }
}

/// Progress lines on standard error, only when it is a terminal.
enum Progress {
  @Sendable static func line(_ text: String) {
    guard isatty(STDERR_FILENO) == 1 else { return }
    Terminal.progress(text)
  }
}
