import ArgumentParser
import Foundation
import Publisher

/// `lenscribe check [SITE]`: the links and anchors of a built site.
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Check that every internal link and anchor of the built site leads somewhere.",
    discussion: "Reads SITE/public as the last build left it; every build runs the same check."
  )

  @Argument(help: "The site folder.")
  var site: String = "site"

  func run() throws {
    let builder = SiteBuilder(folder: URL(fileURLWithPath: site))
    let problems = try builder.check()
    guard problems.isEmpty else { throw PublishError.brokenLinks(problems) }
    print("\(builder.output.path): every internal link and anchor resolves")
  }
}
