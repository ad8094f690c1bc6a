import Analysis
import Engine
import Foundation
import Publisher

/// A test implementation of `LensRenderer`: reads the real GGUF file and draws its shape (layers,
/// width, vocabulary) as a bar chart, so builds can be tested end to end before the analyses land.
struct ModelFactsRenderer: LensRenderer {
  /// Counts what the renderer did, across copies of it.
  final class Counter {
    var renders = 0
    var loads = 0
  }

  let analysis: AnalysisKind
  let counter: Counter
  /// Appended to the finding: a stand-in for a change to the drawing code.
  let stamp: String
  /// As the real capacity analysis, a capacity block needs no prompt.
  var needsPrompt: Bool { analysis != .capacity }

  init(_ analysis: AnalysisKind = .capacity, counter: Counter = Counter(), stamp: String = "") {
    self.analysis = analysis
    self.counter = counter
    self.stamp = stamp
  }

  struct Options: LensOptions {
    var bars: Int?

    func check() throws(LensOptionError) {
      if let bars, !(1...3).contains(bars) {
        throw LensOptionError(key: "bars", "bars must be 1, 2 or 3, not \(bars)")
      }
    }
  }

  /// The model's shape, as `run` reads it from the file.
  struct Facts: Codable {
    var layers: Int
    var width: Int
    var vocabulary: Int
  }

  func run(_ block: LensInput<Options>, in environment: LensEnvironment) throws -> Facts {
    counter.renders += 1
    let model = try environment.model(block.request.model)
    let file = try environment.memo.value("gguf:" + model.path) { () throws -> GGUFFile in
      counter.loads += 1
      return try GGUFFile(path: model.path)
    }
    let architecture = try file.string("general.architecture")
    let layers = try file.int("\(architecture).block_count")
    let width = try file.int("\(architecture).embedding_length")
    let vocabulary = try file.tensor(named: "token_embd.weight").shape.last ?? 0
    return Facts(layers: layers, width: width, vocabulary: vocabulary)
  }

  func draw(_ result: Facts, for block: LensInput<Options>, in context: FigureContext) throws
    -> LensFigure
  {
    let all = [("layers", result.layers), ("width", result.width), ("vocabulary", result.vocabulary)]
    let facts = all.prefix(block.options.bars ?? 3)
    let prefix = context.idPrefix
    var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 300 \(30 * facts.count)\">\n"
    for (index, fact) in facts.enumerated() {
      let length = Int((log2(Double(max(fact.1, 1))) * 15).rounded())
      svg +=
        "<rect id=\"\(prefix)-\(fact.0)\" x=\"90\" y=\"\(30 * index + 5)\" width=\"\(length)\" height=\"20\"/>\n"
      svg += "<text x=\"0\" y=\"\(30 * index + 20)\">\(fact.0)</text>\n"
    }
    svg += "</svg>\n"
    let data = "{\n" + facts.map { "  \"\($0.0)\": \($0.1)" }.joined(separator: ",\n") + "\n}\n"
    let prompt = block.request.prompt.map { " Prompt: \($0)." } ?? ""
    return LensFigure(
      svg: svg, data: data, alt: "Bars for the model's layers, width and vocabulary.",
      finding: "\(context.fileName(block.request.model)) has \(result.layers) layers of width "
        + "\(result.width) and a vocabulary of \(result.vocabulary) tokens.\(prompt)\(stamp)",
      table: LensTable(header: ["fact", "value"], rows: facts.map { [$0.0, String($0.1)] }))
  }
}
