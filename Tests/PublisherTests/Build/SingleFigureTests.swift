import Foundation
import Publisher
import Registry
import Testing

@testable import Publisher

/// One block outside a site: the command under a page's figure makes that figure again, byte
/// for byte, and checks the model it reads.
@Suite struct SingleFigureTests {
  static let post = TestSite.post(
    title: "Lens",
    """
    ```lens
    analysis: logit-lens
    model: smollm2-135m
    prompt: "I go to the basketball court: to"
    top: 3
    caption: Cut.
    label: lens
    ```
    """)

  /// The here-document of a "Reproduce this figure" line, as a reader copies it from the page.
  static func reproduction(in page: String) throws -> (command: String, block: String) {
    let start = try #require(page.range(of: "<summary>Reproduce this figure</summary>\n<pre><code>"))
    let end = try #require(page.range(of: "</code></pre>", range: start.upperBound..<page.endIndex))
    let command = String(page[start.upperBound..<end.lowerBound])
      .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
      .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
      .replacingOccurrences(of: "&amp;", with: "&")
    let lines = command.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.first?.hasSuffix("<<'LENS'") == true && lines.last == "LENS")
    return (command, lines.dropFirst().dropLast().joined(separator: "\n"))
  }

  @Test func theReproduceLineMakesTheSameFigure() throws {
    let site = try TestSite(files: ["posts/lens.md": Self.post])
    defer { site.remove() }
    try site.builder.build(BuildOptions())
    let (command, block) = try Self.reproduction(in: try site.built("posts/lens/index.html"))
    #expect(command.hasPrefix("lenscribe figure --sha256 \(RegistryModel.smollm2.sha256) <<'LENS'"))
    #expect(
      block == "analysis: logit-lens\nmodel: smollm2-135m\nprompt: \"I go to the basketball "
        + "court: to\"\ntop: 3")
    let made = try SingleFigure(block: block, source: "<stdin>")
      .make(BuildOptions(), sha256s: [RegistryModel.smollm2.sha256])
    #expect(made.analysis == "logit-lens")
    #expect(made.svg == (try site.built("posts/lens/fig-1-logit-lens.svg")))
    #expect(made.data == (try site.built("posts/lens/fig-1-logit-lens.json")))
    #expect(made.finding.hasPrefix("At the last position the final answer"), "\(made.finding)")
    #expect(made.models.map(\.name) == ["smollm2-135m"])
  }

  @Test func aBadBlockIsReportedAtItsOwnLine() {
    #expect(
      throws: PublishError.sourceErrors([
        SourceError(
          file: "block.yml", line: 3,
          message: "top must be a whole number from 1 to 20, not 99")
      ])
    ) {
      try SingleFigure(
        block: "analysis: logit-lens\nprompt: Hi\ntop: 99\n", source: "block.yml"
      ).make(BuildOptions())
    }
  }

  @Test func anotherModelFileOrFencesAreRefused() throws {
    #expect {
      try SingleFigure(block: "analysis: predictions\nprompt: Hi\n", source: "<stdin>")
        .make(BuildOptions(), sha256s: [String(repeating: "0", count: 64)])
    } throws: { error in
      "\(error)".contains("with SHA-256 \(RegistryModel.smollm2.sha256), not 0000")
    }
    #expect {
      try SingleFigure(block: "```lens\nanalysis: predictions\n```\n", source: "<stdin>")
        .make(BuildOptions())
    } throws: { error in
      "\(error)".contains("without its ``` fences")
    }
  }

  @Test(arguments: [
    (LensValue.string("I go to the court"), "I go to the court"),
    (.string("a: b"), "\"a: b\""), (.string("5"), "\"5\""), (.string("yes"), "\"yes\""),
    (.string("say \"hi\"\n"), "\"say \\\"hi\\\"\\n\""),
    (.list([.string("Love"), .string("a, b")]), "[Love, \"a, b\"]"),
    (.map(["top": .int(3), "lens": .string("tuned")]), "{lens: tuned, top: 3}"),
  ])
  func valuesAreWrittenAsYAMLThatReadsBackTheSame(value: LensValue, yaml: String) {
    #expect(SingleFigure.yaml(value) == yaml)
  }
}
