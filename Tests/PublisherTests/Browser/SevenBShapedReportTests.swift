import BrowserTesting
import Engine
import Foundation
import ModelSynthesis
import Publisher
import Registry
import Testing

/// A full report at Llama 2 7B's depth and breadth (32 layers of 32 heads, Llama 2's
/// vocabulary, a prompt of over 100 tokens), opened in headless Chromium at a laptop's width:
/// every figure shows at its own size inside its panel, so its labels are as large as any
/// other figure's, rather than scaled down to fit the column. The model is narrow (d = 128,
/// random weights) so that the test writes it in a second; no figure's layout depends on d
/// except capacity's k range, which `CapacityTests` checks at d = 4096.
@Suite(.serialized) struct SevenBShapedReportTests {
  struct Shown: Decodable {
    var src: String
    var natural: Double
    var shown: Double
    var panel: Double
  }

  static let probe = """
    (() => JSON.stringify([...document.querySelectorAll('.lens-graphic > svg')].map(svg => {
      const panel = svg.closest('.lens-graphic');
      const style = getComputedStyle(panel);
      const inner = panel.clientWidth - parseFloat(style.paddingLeft)
        - parseFloat(style.paddingRight);
      return { src: svg.id, natural: parseFloat(svg.getAttribute('width')),
        shown: svg.getBoundingClientRect().width, panel: inner };
    })))()
    """

  static let prompt =
    "In 1905, a patent clerk in Bern published four papers that changed physics. The first "
    + "explained the photoelectric effect by treating light as made of quanta; the second "
    + "described the random motion of small particles suspended in a liquid; the third "
    + "introduced special relativity; and the fourth, only three pages long, showed that mass "
    + "and energy are equivalent. Within a few years, the clerk was a professor, and his ideas "
    + "were taught in every university of Europe."

  @Test func everyFigureShowsAtItsOwnSizeInThePage() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("lenscribe-7b-shaped-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    var model = SyntheticModel(name: "llama2-7b-layout", vocabulary: "llama-spm")
    model.layers = 32
    model.heads = 32
    model.kvHeads = 32
    model.width = 128
    model.feedForward = 256
    model.ropeBase = 10_000
    let vocabulary = ModelStore.cacheRoot()
      .appendingPathComponent("llama-vocab/ggml-vocab-llama-spm.gguf")
    let file = folder.appendingPathComponent("llama2-7b-layout.gguf")
    try model.write(to: file, vocabularyFile: GGUFFile(path: vocabulary.path))

    let outcome = try ReportWriter(
      prompt: Self.prompt, model: file.path, folder: folder.appendingPathComponent("report"),
      date: PostDate("2024-05-01")!
    ).write()
    let tokens = try Tokenizer(file: GGUFFile(path: file.path)).encode(Self.prompt, addBOS: true)
    #expect(tokens.count > 100)

    let browser = try HeadlessChromium()
    let (load, value) = try browser.load(
      outcome.page.absoluteString, scheme: "light", width: 1000, height: 20_000, evaluate: Self.probe)
    #expect(load.consoleErrors.isEmpty, "\(load.consoleErrors)")
    let figures = try JSONDecoder().decode(
      [Shown].self, from: Data(((value as? String) ?? "").utf8))
    #expect(figures.count == outcome.analyses.count && figures.count >= 9)
    for figure in figures {
      #expect(figure.natural > 0, "\(figure.src) did not load")
      #expect(
        figure.shown >= figure.natural - 0.5 && figure.natural <= figure.panel + 0.5,
        "\(figure.src) is \(figure.natural) wide, shown at \(figure.shown) in \(figure.panel)")
    }
  }
}
