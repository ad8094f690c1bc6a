import Analysis
import Engine
import Foundation
import Publisher
import Testing

/// `ReportWriter` on SmolLM2 with only the cheap residual-change renderer (the command-line test
/// runs every analysis): quoting, folders it refuses, and nothing left half written.
@Suite struct ReportWriterTests {
  /// A fresh path in the temporary folder (not created).
  static func folder() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("lenscribe-report-\(UUID())")
  }

  static func writer(_ prompt: String, into folder: URL, renderers: [any LensRenderer])
    -> ReportWriter
  {
    let options = BuildOptions(renderers: LensRenderers(renderers))
    return ReportWriter(
      prompt: prompt, model: "smollm2-135m", folder: folder, date: PostDate("2024-05-01")!,
      options: options)
  }

  /// A renderer that accepts every block and fails when it runs.
  struct FailingRenderer: LensRenderer {
    struct Failure: Error {}
    let analysis = AnalysisKind.predictions
    let reportSection: ReportSection? = ReportSection(
      heading: "Failing", intro: "It fails.", caption: "A failure.", summary: "A failure")
    func run(_ block: LensInput<NoLensOptions>, in environment: LensEnvironment) throws -> Int {
      throw Failure()
    }
    func draw(_ result: Int, for block: LensInput<NoLensOptions>, in context: FigureContext)
      throws -> LensFigure
    {
      throw Failure()
    }
  }

  @Test func aPromptWithQuotesColonsAndNewlinesReachesTheModelAsWritten() throws {
    let folder = Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let prompt = "She said: \"no\" # \\ then\n- left"
    let outcome = try Self.writer(prompt, into: folder, renderers: [ResidualChangeRenderer()])
      .write()
    #expect(outcome.analyses == [.residualChange])
    #expect(outcome.source.lastPathComponent == "she-said-no-then-left-smollm2-135m.md")
    let page = try String(contentsOf: outcome.page, encoding: .utf8)
    #expect(page.contains("She said: &quot;no&quot; # \\ then\n- left"))
    let data = try Data(
      contentsOf: outcome.page.deletingLastPathComponent()
        .appendingPathComponent("fig-1-residual-change.json"))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    // One position per token of the exact prompt: nothing was lost or added by the quoting.
    let tokenizer = try Tokenizer(file: GGUFFile(path: try TestModels.smollm2))
    let steps = try #require(json["steps"] as? [[Any]])
    #expect(steps[0].count == tokenizer.encode(prompt, addBOS: false).count)
    #expect(outcome.build.ranCount == 1)
  }

  /// "Hello" is one token of SmolLM2 (no BOS by default): the analyses that compare a token
  /// with an earlier one are left out with a sentence, the others run.
  @Test func aOneTokenPromptLeavesOutWhatNeedsTwoAndSaysWhy() throws {
    let folder = Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let renderers: [any LensRenderer] = [
      PredictionsRenderer(), ResidualChangeRenderer(), AttentionSinksRenderer(),
    ]
    let outcome = try Self.writer("Hello", into: folder, renderers: renderers).write()
    #expect(outcome.analyses == [.predictions])
    let source = try String(contentsOf: outcome.source, encoding: .utf8)
    #expect(source.contains("Left out, because the prompt is too short for them: "))
    #expect(!source.contains("analysis: residual-change"))
    let page = try String(contentsOf: outcome.page, encoding: .utf8)
    #expect(page.contains("Left out, because the prompt is too short"))
  }

  /// Two tokens: attention sinks adapt their default of three candidates to the one key there is.
  @Test func aTwoTokenPromptRunsTheAnalysesThatNeedTwo() throws {
    let folder = Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let renderers: [any LensRenderer] = [ResidualChangeRenderer(), AttentionSinksRenderer()]
    let outcome = try Self.writer("Hi there", into: folder, renderers: renderers).write()
    #expect(outcome.analyses == [.residualChange, .attentionSinks])
    let source = try String(contentsOf: outcome.source, encoding: .utf8)
    #expect(!source.contains("Left out"))
  }

  /// Patching reads a corrupted prompt: without one it is left out with a sentence saying how
  /// to get it; one of another token length is refused before anything is written; with one
  /// of the same length the block compares the two.
  @Test func patchingComparesTheCorruptedPromptOrIsLeftOutWithTheReason() throws {
    let renderers: [any LensRenderer] = [ResidualChangeRenderer(), PatchingRenderer()]
    let folders = [Self.folder(), Self.folder(), Self.folder()]
    defer { for folder in folders { try? FileManager.default.removeItem(at: folder) } }
    let prompt = "The capital of France is"
    let plain = try Self.writer(prompt, into: folders[0], renderers: renderers).write()
    #expect(plain.analyses == [.residualChange])
    let plainSource = try String(contentsOf: plain.source, encoding: .utf8)
    #expect(
      plainSource.contains(
        "Left out, because they compare the prompt with a corrupted one: “Where the answer is "
          + "computed”. Run `lenscribe report` again with `--corrupted`"))

    var uneven = Self.writer(prompt, into: folders[1], renderers: renderers)
    uneven.corrupted = "The capital of the United Kingdom is"
    #expect(throws: ReportError.self) { try uneven.write() }
    #expect(!FileManager.default.fileExists(atPath: folders[1].path))

    var compared = Self.writer(prompt, into: folders[2], renderers: renderers)
    compared.corrupted = "The capital of Italy is"
    let outcome = try compared.write()
    #expect(outcome.analyses == [.residualChange, .patching])
    let source = try String(contentsOf: outcome.source, encoding: .utf8)
    #expect(source.contains("prompts: [\"The capital of France is\", \"The capital of Italy is\"]"))
    #expect(!source.contains("Left out"))
    let page = try String(contentsOf: outcome.page, encoding: .utf8)
    #expect(page.contains("Patching the residual restores most at layer"))
  }

  /// Ablation on "The sky is" (3 tokens) runs the prompt 2 + 30 x (9 + 2) times: 996 token
  /// positions, 2.7e11 operations for SmolLM2's 134.5M weights. Under a limit of 1e11 it is
  /// left out, and the post names it with its work.
  @Test func anAnalysisTooMuchWorkForTheModelIsLeftOutAndSaysWhy() throws {
    let folder = Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var writer = Self.writer(
      "The sky is", into: folder, renderers: [ResidualChangeRenderer(), AblationRenderer()])
    writer.workLimit = 1e11
    let outcome = try writer.write()
    #expect(outcome.analyses == [.residualChange])
    let source = try String(contentsOf: outcome.source, encoding: .utf8)
    #expect(
      source.contains(
        "Left out, because they run the model many times over and would take long on "
          + "smollm2-135m: “Which heads the answer needs” (996 token positions)."))
  }

  @Test func refusesAFolderItDidNotWrite() throws {
    let folder = Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let notes = folder.appendingPathComponent("notes.txt")
    try Data("mine\n".utf8).write(to: notes)
    let writer = Self.writer("The sky is", into: folder, renderers: [ResidualChangeRenderer()])
    #expect(throws: ReportError.self) { try writer.write() }
    #expect(try Data(contentsOf: notes) == Data("mine\n".utf8))
    try Data("title: Mine\nbase-url: https://example.org/\n".utf8).write(
      to: folder.appendingPathComponent("lenscribe.yml"))
    do {
      _ = try writer.write()
      Issue.record("a site lenscribe report did not write must be refused")
    } catch let error as ReportError {
      #expect("\(error)".contains("lenscribe site that lenscribe report did not write"))
    }
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("posts").path))
  }

  @Test func aTraceTooLargeForMemoryIsRefusedBeforeAnythingIsWritten() throws {
    let folder = Self.folder()
    var writer = Self.writer("The sky is", into: folder, renderers: [ResidualChangeRenderer()])
    writer.memoryLimit = 1000
    #expect(throws: ReportError.self) { try writer.write() }
    #expect(!FileManager.default.fileExists(atPath: folder.path))
  }

  @Test func aFailedBuildLeavesNoFolderAndPutsBackAnEarlierPost() throws {
    let folder = Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let failing = Self.writer("The sky is", into: folder, renderers: [FailingRenderer()])
    #expect(throws: PublishError.self) { try failing.write() }
    let parent = folder.deletingLastPathComponent()
    #expect(!FileManager.default.fileExists(atPath: folder.path))
    #expect(
      !FileManager.default.fileExists(
        atPath: parent.appendingPathComponent(".\(folder.lastPathComponent).report-new").path))

    let first = try Self.writer("The sky is", into: folder, renderers: [ResidualChangeRenderer()])
      .write()
    let before = try Data(contentsOf: first.source)
    let page = try Data(contentsOf: first.page)
    // The same prompt again with a failing analysis: the post and the site stay as they were.
    #expect(throws: PublishError.self) {
      try Self.writer(
        "The sky is", into: folder, renderers: [ResidualChangeRenderer(), FailingRenderer()]
      ).write()
    }
    #expect(try Data(contentsOf: first.source) == before)
    #expect(try Data(contentsOf: first.page) == page)
    // A second prompt joins the first in the same report site.
    let second = try Self.writer("Paris is", into: folder, renderers: [ResidualChangeRenderer()])
      .write()
    #expect(second.build.posts.sorted() == ["paris-is-smollm2-135m", "the-sky-is-smollm2-135m"])
    #expect(second.build.ranCount == 1)
  }

  /// A prompt with a control character would make a post the build refuses (no page can show
  /// one): the report says so before it writes anything.
  @Test func aPromptWithAControlCharacterIsRefusedBeforeAnythingIsWritten() throws {
    let folder = Self.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    do {
      _ = try Self.writer("I go\u{0} to", into: folder, renderers: [ResidualChangeRenderer()])
        .write()
      Issue.record("the report was written")
    } catch {
      #expect("\(error)".hasPrefix("the prompt has a control character U+0000; "), "\(error)")
    }
    #expect(!FileManager.default.fileExists(atPath: folder.path))
  }
}
