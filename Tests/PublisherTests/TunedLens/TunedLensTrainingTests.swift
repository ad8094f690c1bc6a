import Analysis
import Engine
import Foundation
import Registry
import Testing

@testable import Publisher

/// The tuned lens fitted on Austen and checked on held-out Persuasion, on both real models: the
/// paper's claim (Belrose et al. 2023) that it reads every layer before the output better than
/// the logit lens.
@Suite(.serialized) struct TunedLensTrainingTests {
  static func training() -> (TunedLensTraining, URL) {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("lenscribe-lenses-\(UUID().uuidString)")
    return (TunedLensTraining(lenses: TunedLensStore(directory: folder), corpora: .standard()), folder)
  }

  @Test(arguments: [RegistryModel.smollm2, .gemma3])
  func theTunedLensIsCloserToTheOutputAtEveryLayerButTheLast(_ model: RegistryModel) throws {
    let (training, folder) = Self.training()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = ModelFile(name: model.name, path: try TestModels.path(model), sha256: model.sha256)
    let options = TunedLensFit.Options(tokens: 4096)
    let outcome = try training.fit(
      file, text: nil, options: options, evaluationTokens: 512, log: { _ in })
    #expect(outcome.fitted && outcome.tokens == 4096 && outcome.windows == 16)
    let evaluation = try #require(outcome.evaluation)
    let tuned = try #require(evaluation.tunedLayers)
    let raw = evaluation.layers
    let last = raw.count - 1
    for layer in 0..<last {
      #expect(tuned[layer].divergence < raw[layer].divergence, "layer \(layer)")
    }
    // The output row is read as it is by both.
    #expect(tuned[last] == raw[last] && raw[last].divergence < 1e-4)
    // 512 held-out tokens in windows of 256: SmolLM2 (no BOS) reads two windows of 256, so
    // 510 positions predict a next token; Gemma's windows are BOS + 255 tokens: 255 + 255 + 2.
    #expect(evaluation.positions == (model == .smollm2 ? 510 : 512))
    print(
      "tuned lens \(model.name): "
        + zip(raw, tuned).enumerated().map {
          "\($0.offset): \(String(format: "%.3f/%.3f", $0.element.0.divergence, $0.element.1.divergence))"
        }.joined(separator: ", "))

    // The same inputs find the stored file; another option makes another.
    let again = try training.fit(file, text: nil, options: options, evaluationTokens: 0, log: { _ in })
    #expect(!again.fitted && again.digest == outcome.digest && again.file == outcome.file)
    #expect(again.evaluation == nil)
  }

  @Test func aCorpusFileThatIsNotTextIsRefused() throws {
    #expect(throws: TunedLensError.unreadableCorpus(path: "/dev/null", reason: "not a regular file")) {
      try TunedLensTraining.text(ofFile: "/dev/null")
    }
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("lenscribe-corpus-\(UUID().uuidString).txt")
    defer { try? FileManager.default.removeItem(at: url) }
    try Data([0x41, 0xFF, 0xFE, 0x42]).write(to: url)
    #expect(throws: TunedLensError.unreadableCorpus(path: url.path, reason: "it is not UTF-8 text")) {
      try TunedLensTraining.text(ofFile: url.path)
    }
  }

  @Test func aShortCorpusIsRefusedWithTheCount() throws {
    let path = try TestModels.smollm2
    let tokenizer = try Tokenizer(file: try GGUFFile(path: path))
    let text = "A few words of text."
    let tokens = tokenizer.encode(text, bos: nil).count
    #expect(throws: TunedLensError.corpusTooSmall(tokens: tokens, needed: 1024)) {
      try TunedLensFit.windows(of: text, tokenizer: tokenizer, options: TunedLensFit.Options())
    }
  }
}
