import Analysis
import Engine
import Foundation
import ModelSynthesis
import Publisher
import Registry
import Testing

/// `lens: tuned` in lens blocks, with the translators `make test` fits on the default text
/// (`make lenses`) in the standard cache.
@Suite struct TunedLensBlockTests {
  static let prompt = "prompt: \"I go to the basketball court to\""

  /// The logit lens and the tuned lens side by side, and the tuned lens in the other analyses.
  @Test func everyLensAnalysisReadsThroughTheTunedLens() throws {
    let site = try RendererSite(blocks: [
      "analysis: logit-lens\n\(Self.prompt)\nlens: both",
      "analysis: trajectory\n\(Self.prompt)\nlens: tuned",
      "analysis: dictionary\n\(Self.prompt)\nlayer: 15\nlens: tuned",
      "analysis: lens-quality\n\(Self.prompt)\nlens: both",
      "analysis: compare\nprompts: [\"The capital of France is\", \"The capital of Spain is\"]\nlens: tuned",
    ])
    #expect(site.files == site.secondFiles)
    for figure in ["fig-1-logit-lens", "fig-2-trajectory", "fig-3-dictionary", "fig-4-lens-quality", "fig-5-compare"] {
      #expect(site.svgParses("posts/lens/\(figure).svg"), "\(figure)")
    }
    let page = try #require(site.text("posts/lens/index.html"))
    #expect(site.text("posts/lens/fig-1-logit-lens.svg")?.contains("Logit lens and tuned lens") == true)
    #expect(page.contains("<th>tuned lens settles</th>"))
    #expect(page.contains("read through the tuned lens at position"))
    #expect(page.contains("carried by the tuned lens"))
    #expect(site.text("posts/lens/fig-5-compare.svg")?.contains("Tuned-lens agreement") == true)
    let pair = try #require(
      try JSONSerialization.jsonObject(with: site.files["posts/lens/fig-1-logit-lens.json"]!)
        as? [[String: Any]])
    #expect(pair.count == 2)
    let quality = try #require(try site.json("posts/lens/fig-4-lens-quality.json"))
    let raw = try #require(quality["layers"] as? [[String: Any]])
    let tuned = try #require(quality["tunedLayers"] as? [[String: Any]])
    #expect(raw.count == 31 && tuned.count == 31)
    // The middle layer: the tuned lens is nearer the output than the raw lens.
    let kl = { (rows: [[String: Any]]) in rows[15]["divergence"] as? Double ?? .nan }
    #expect(kl(tuned) < kl(raw))
  }

  @Test func aModelWithoutTranslatorsSaysHowToFitThem() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("lenscribe-unfitted-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    // A real vocabulary (llama.cpp's test set, fetched by `make test`): the build tokenizes.
    let vocabulary = ModelStore.cacheRoot()
      .appendingPathComponent("llama-vocab/ggml-vocab-llama-spm.gguf")
    let model = folder.appendingPathComponent("unfitted.gguf")
    try SyntheticModel(name: "unfitted", vocabulary: "llama-spm").write(
      to: model, vocabularyFile: try GGUFFile(path: vocabulary.path))
    let post = TestSite.post(
      title: "Lens", extra: "model: \(model.path)\n",
      "```lens\nanalysis: logit-lens\nprompt: \"a b c\"\nlens: tuned\n```\n")
    let site = try TestSite(files: ["posts/lens.md": post])
    defer { site.remove() }
    do {
      try site.builder.build(BuildOptions(renderers: .standard))
      Issue.record("a tuned lens that was never fitted was read")
    } catch {
      #expect("\(error)".contains("no tuned lens has been fitted for \(model.path)"))
      #expect("\(error)".contains("`lenscribe lens fit --model \(model.path)`"))
    }
  }

  @Test func aTunedLensWithNormNoneIsRefusedBeforeAnythingRuns() throws {
    let post = TestSite.post(
      title: "Lens", extra: "model: smollm2-135m\n",
      "```lens\nanalysis: logit-lens\n\(Self.prompt)\nlens: tuned\nnorm: none\n```\n")
    let site = try TestSite(files: ["posts/lens.md": post])
    defer { site.remove() }
    #expect(throws: (any Error).self) { try site.builder.build(BuildOptions(renderers: .standard)) }
    do { try site.builder.build(BuildOptions(renderers: .standard)) } catch {
      #expect("\(error)".contains("norm: none reads the raw logit lens only"))
    }
  }
}
