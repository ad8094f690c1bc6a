import Analysis
import Engine
import Figures
import Foundation

/// `dictionary`: a token's input or output vector, or a residual of a prompt, read through the
/// input (E) or output (U) dictionary, as a bar chart of the strongest entries.
///
/// The vector read is `word: TEXT` (exactly one token of the model; write `" to"` in quotes for
/// the form a word takes inside a sentence) or `token: ID`, with `vector: input|output` choosing
/// its E or U row (default: E); or, with a `prompt:`, the residual after `layer` (default 0: the
/// embedding, before the first layer) at `position` (default: the last). It is read with
/// `dictionary: input|output` (default: output, U).
public struct DictionaryRenderer: LensRenderer {
  public let analysis = AnalysisKind.dictionary
  public let needsPrompt = false
  public let reportSection: ReportSection? = ReportSection(
    heading: "Reading with the dictionaries",
    intro: "The model has two dictionaries: the embedding matrix that turns tokens into "
      + "vectors and the output matrix that turns vectors back into tokens. Here a vector "
      + "of this prompt is read through them.",
    caption: "A vector of the prompt read through the model's dictionaries.",
    summary: "The prompt read through the model's dictionaries")

  /// A renderer.
  public init() {}

  /// A block's options with the source still unresolved (a word needs the tokenizer, the last
  /// position the prompt's length).
  struct Plan {
    enum Source {
      case word(String, Dictionaries.Book)
      case token(Int, Dictionaries.Book)
      case residual(layer: Int, position: Int?)
    }
    var source: Source
    var dictionary: Dictionaries.Book
    var top: Int
    var bos: Bool?
  }

  public func validate(_ request: LensRequest) throws(LensOptionError) {
    _ = try plan(request)
  }

  func plan(_ request: LensRequest) throws(LensOptionError) -> Plan {
    let block = BlockOptions(
      request, allowed: ["dictionary", "layer", "position", "token", "top", "vector", "word"])
    try block.checkKeys()
    let dictionary = try block.choice("dictionary", Dictionaries.Book.self)
    let vector = try block.choice("vector", Dictionaries.Book.self)
    let top = try block.int("top", in: 1...50) ?? 10
    let token = try block.int("token", in: 0...10_000_000)
    let layer = try block.int("layer", in: 0...10_000)
    let position = try block.int("position", in: 0...1_000_000)
    var word: String?
    if let value = request.options["word"] {
      guard case .string(let text) = value, !text.isEmpty else {
        throw LensOptionError(
          key: "word", "word must be the text of one token, like `word: to`, not \(value)")
      }
      word = text
    }
    let prompt = request.prompt.map { !$0.isEmpty } ?? false
    let source: Plan.Source
    if word != nil || token != nil {
      if word != nil && token != nil {
        throw LensOptionError(key: "token", "give either `word:` or `token:`, not both")
      }
      let residualKeys =
        ["layer", "position"].filter { request.options[$0] != nil } + (prompt ? ["prompt"] : [])
      if let key = residualKeys.first {
        throw LensOptionError(
          key: key,
          "`\(key):` reads a residual of a prompt; a `word:` or `token:` block reads the "
            + "token's own vector (remove `\(key):`, or the word)")
      }
      let book = vector ?? .input
      source = word.map { .word($0, book) } ?? .token(token ?? 0, book)
    } else if prompt {
      if vector != nil {
        throw LensOptionError(
          key: "vector", "`vector:` chooses a token's row; give `word:` or `token:` with it")
      }
      source = .residual(layer: layer ?? 0, position: position)
    } else {
      throw LensOptionError(
        "dictionary needs a vector to read: `word: to` (or `token: ID`), or a `prompt:` with "
          + "`layer:` and `position:` for a residual")
    }
    return Plan(
      source: source, dictionary: dictionary ?? .output, top: top, bos: try block.bos())
  }

  public func render(_ request: LensRequest, in environment: LensEnvironment) throws -> LensFigure
  {
    let plan = try plan(request)
    let model = try LoadedModel.named(request.model, in: environment)
    let dictionaries = try model.dictionaries(in: environment)
    var trace: Trace?
    let source: DictionaryReading.Source
    switch plan.source {
    case .word(let text, let book):
      source = Self.source(book, token: try Self.token(of: text, model: model))
    case .token(let id, let book):
      guard id < dictionaries.vocabularySize else {
        throw LensOptionError(
          key: "token",
          "token \(id) is outside the vocabulary of \(model.file.fileName) "
            + "(0 to \(dictionaries.vocabularySize - 1))")
      }
      source = Self.source(book, token: id)
    case .residual(let layer, let position):
      let traced = try model.trace(of: request, bos: plan.bos, in: environment)
      guard layer <= traced.layerCount else {
        throw LensOptionError(
          key: "layer",
          "layer \(layer) is past the last layer of \(model.file.fileName) "
            + "(0 to \(traced.layerCount); 0 is the embedding)")
      }
      let last = traced.tokenCount - 1
      guard (position ?? last) <= last else {
        throw LensOptionError(
          key: "position",
          "position \(position ?? last) is past the prompt's last token (0 to \(last))")
      }
      trace = traced
      source = .residual(layer: layer, position: position ?? last)
    }
    let result = try DictionaryReading(
      dictionaries: dictionaries, trace: trace,
      options: .init(source: source, dictionary: plan.dictionary, top: plan.top),
      label: model.label)
    let book = plan.dictionary == .input ? "input dictionary E" : "output dictionary U"
    let description =
      "The \(result.top.count) entries of the \(book) of \(model.file.fileName) with the "
      + "largest amplitude (cosine) on \(result.query); the first is \"\(result.top[0].text)\" "
      + "at \(TableNumber.fixed(result.top[0].amplitude))."
    let chart = BarChart(
      meta: FigureMeta(
        slug: environment.idPrefix,
        title: "\(result.query.prefix(1).uppercased())\(result.query.dropFirst()), read with "
          + (plan.dictionary == .input ? "E" : "U"),
        description: description),
      bars: result.top.map { BarChart.Bar(label: $0.text, value: $0.amplitude) },
      valueTitle: "amplitude (cosine) in " + (plan.dictionary == .input ? "E" : "U"))
    let rows = result.top.enumerated().map { index, entry in
      [String(index + 1), entry.text, String(entry.id), TableNumber.fixed(entry.amplitude)]
    }
    return LensFigure(
      svg: chart.svg(), data: try CanonicalJSON.string(result), alt: description,
      finding: result.findings.joined(separator: " "),
      table: LensTable(header: ["rank", "entry", "id", "amplitude"], rows: rows))
  }

  static func source(_ book: Dictionaries.Book, token: Int) -> DictionaryReading.Source {
    book == .input ? .input(token: token) : .output(token: token)
  }

  /// The one token `text` encodes to (no BOS); a clear error when it is several or none.
  static func token(of text: String, model: LoadedModel) throws(LensOptionError) -> Int {
    let ids = model.tokenizer.encode(text, addBOS: false)
    guard ids.count == 1 else {
      let pieces = ids.map { "\"\(model.label($0))\"" }.joined(separator: " ")
      throw LensOptionError(
        key: "word",
        "word '\(text)' is \(ids.count) tokens for \(model.file.fileName) (\(pieces)); give a "
          + "word that is one token, or its id with `token:`")
    }
    return ids[0]
  }
}
