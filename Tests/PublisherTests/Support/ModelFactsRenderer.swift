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
  /// Appended to the finding: a stand-in for a change to the rendering code.
  let stamp: String
  /// As the real capacity analysis, a capacity block needs no prompt.
  var needsPrompt: Bool { analysis != .capacity }

  init(_ analysis: AnalysisKind = .capacity, counter: Counter = Counter(), stamp: String = "") {
    self.analysis = analysis
    self.counter = counter
    self.stamp = stamp
  }

  /// The option `bars:` must be a whole number from 1 to 3 when present.
  func validate(_ request: LensRequest) throws(LensOptionError) {
    for key in request.options.keys.sorted() where key != "bars" {
      throw LensOptionError(
        key: key, "unknown option '\(key)' for \(analysis.rawValue) (known: bars)")
    }
    if let bars = request.options["bars"] {
      guard case .int(let count) = bars, (1...3).contains(count) else {
        throw LensOptionError(key: "bars", "bars must be 1, 2 or 3, not \(bars)")
      }
    }
  }

  func render(_ request: LensRequest, in environment: LensEnvironment) throws -> LensFigure {
    counter.renders += 1
    let model = try environment.model(request.model)
    let file = try environment.memo.value("gguf:" + model.path) { () throws -> GGUFFile in
      counter.loads += 1
      return try GGUFFile(path: model.path)
    }
    let architecture = try file.string("general.architecture")
    let layers = try file.int("\(architecture).block_count")
    let width = try file.int("\(architecture).embedding_length")
    let vocabulary = try file.tensor(named: "token_embd.weight").shape.last ?? 0
    var facts = [("layers", layers), ("width", width), ("vocabulary", vocabulary)]
    if case .int(let bars) = request.options["bars"] { facts = Array(facts.prefix(bars)) }
    let prefix = environment.idPrefix
    var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 300 \(30 * facts.count)\">\n"
    for (index, fact) in facts.enumerated() {
      let length = Int((log2(Double(max(fact.1, 1))) * 15).rounded())
      svg +=
        "<rect id=\"\(prefix)-\(fact.0)\" x=\"90\" y=\"\(30 * index + 5)\" width=\"\(length)\" height=\"20\"/>\n"
      svg += "<text x=\"0\" y=\"\(30 * index + 20)\">\(fact.0)</text>\n"
    }
    svg += "</svg>\n"
    let data = "{\n" + facts.map { "  \"\($0.0)\": \($0.1)" }.joined(separator: ",\n") + "\n}\n"
    let prompt = request.prompt.map { " Prompt: \($0)." } ?? ""
    return LensFigure(
      svg: svg, data: data, alt: "Bars for the model's layers, width and vocabulary.",
      finding: "\(model.fileName) has \(layers) layers of width \(width) and a vocabulary of "
        + "\(vocabulary) tokens.\(prompt)\(stamp)",
      table: LensTable(header: ["fact", "value"], rows: facts.map { [$0.0, String($0.1)] }))
  }
}
