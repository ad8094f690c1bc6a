import Analysis
import Engine
import Foundation
import ModelSynthesis
import Publisher
import Registry
import Testing

/// The report's logit-lens section with and without a fitted tuned lens.
@Suite struct ReportTunedLensTests {
  /// SmolLM2's translators are in the standard cache (`make lenses`): the section shows both
  /// lenses, stacked.
  @Test func aModelWithATunedLensGetsItBesideTheLogitLens() throws {
    let folder = ReportWriterTests.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let outcome = try ReportWriterTests.writer(
      "The capital of France is", into: folder, renderers: [LogitLensRenderer()]
    ).write()
    let source = try String(contentsOf: outcome.source, encoding: .utf8)
    #expect(source.contains("lens: both\n"))
    #expect(source.contains("fitted for this model by `lenscribe lens fit`"))
    let page = try String(contentsOf: outcome.page, encoding: .utf8)
    #expect(page.contains("<th>tuned lens settles</th>"))
  }

  /// A model with no translators: the section says how to fit them, and the block reads the
  /// logit lens only.
  @Test func aModelWithoutOneSaysHowToFitIt() throws {
    let models = ReportWriterTests.folder()
    try FileManager.default.createDirectory(at: models, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: models) }
    // A real vocabulary (llama.cpp's test set, fetched by `make test`): the build tokenizes.
    let vocabulary = ModelStore.cacheRoot()
      .appendingPathComponent("llama-vocab/ggml-vocab-llama-spm.gguf")
    let model = models.appendingPathComponent("unfitted.gguf")
    try SyntheticModel(name: "unfitted", vocabulary: "llama-spm").write(
      to: model, vocabularyFile: try GGUFFile(path: vocabulary.path))
    let folder = ReportWriterTests.folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let outcome = try ReportWriter(
      prompt: "a b c d", model: model.path, folder: folder, date: PostDate("2024-05-01")!,
      options: BuildOptions(renderers: LensRenderers([LogitLensRenderer()]))
    ).write()
    let source = try String(contentsOf: outcome.source, encoding: .utf8)
    #expect(!source.contains("lens: both"))
    #expect(source.contains("`lenscribe lens fit --model \(model.path)` fits a tuned lens"))
  }
}
