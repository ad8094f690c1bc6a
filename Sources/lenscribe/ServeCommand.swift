import ArgumentParser
import Engine
import Foundation
import Publisher

/// `lenscribe serve [SITE] [--port P]`: a preview on 127.0.0.1 that rebuilds on change.
struct ServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Preview a site on 127.0.0.1, rebuilding and reloading open pages on every change.",
    discussion: """
      Serves SITE/public only (never the sources or the cache), at the base path of \
      lenscribe.yml. A build that fails is reported here and the last good site stays up.
      """
  )

  @Argument(help: "The site folder.")
  var site: String = "site"

  @Option(help: "The port on 127.0.0.1.")
  var port: UInt16 = 8000

  @Flag(help: "Build and list drafts too.")
  var drafts = false

  func run() async throws {
    let builder = SiteBuilder(folder: URL(fileURLWithPath: site))
    let options = BuildOptions(drafts: drafts, log: Progress.line)
    let server = PreviewServer(builder: builder, options: options, log: Terminal.progress)
    let bound = try await server.start(port: port)
    let base = try builder.config().basePath
    Terminal.progress(
      "serving \(builder.output.path) at http://127.0.0.1:\(bound)\(base) (Ctrl-C stops)")
    await server.run()
  }
}
