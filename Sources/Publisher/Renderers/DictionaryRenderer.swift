import Analysis
import Engine
import Figures
import Formatting
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

  public struct Options: LensOptions {
    var dictionary: Dictionaries.Book?
    var layer: Int?
    var position: Int?
    var token: Int?
    var top: Int?
    var vector: Dictionaries.Book?
    var word: String?
    var lens: LensKind?

    public func check() throws(LensOptionError) {
      try require(top, in: 1...50, "top")
      try require(token, in: 0...10_000_000, "token")
      try require(layer, in: 0...10_000, "layer")
      try require(position, in: 0...1_000_000, "position")
      if let word, word.isEmpty {
        throw LensOptionError(
          key: "word", "word must be the text of one token, like `word: to`, not \(word)")
      }
    }
  }

  /// The vector a block reads, still unresolved (a word needs the tokenizer, the last position
  /// the prompt's length).
  enum Source {
    case word(String, Dictionaries.Book)
    case token(Int, Dictionaries.Book)
    case residual(layer: Int, position: Int?)
  }

  public func check(_ block: LensInput<Options>) throws(LensOptionError) {
    _ = try source(of: block)
  }

  /// What the block reads; throws for a block that names no vector or two.
  func source(of block: LensInput<Options>) throws(LensOptionError) -> Source {
    let options = block.options
    let prompt = !block.prompt.isEmpty
    if options.word != nil || options.token != nil {
      if options.word != nil && options.token != nil {
        throw LensOptionError(key: "token", "give either `word:` or `token:`, not both")
      }
      let residualKeys =
        ["layer", "position"].filter { block.request.options[$0] != nil }
        + (prompt ? ["prompt"] : [])
      if let key = residualKeys.first {
        throw LensOptionError(
          key: key,
          "`\(key):` reads a residual of a prompt; a `word:` or `token:` block reads the "
            + "token's own vector (remove `\(key):`, or the word)")
      }
      if options.lens == .tuned {
        throw LensOptionError(
          key: "lens",
          "lens: tuned carries a residual of a prompt to the output layer; a `word:` or "
            + "`token:` block reads the token's own vector (remove `lens:`, or read a residual)")
      }
      let book = options.vector ?? .input
      return options.word.map { .word($0, book) } ?? .token(options.token ?? 0, book)
    }
    if prompt {
      if options.vector != nil {
        throw LensOptionError(
          key: "vector", "`vector:` chooses a token's row; give `word:` or `token:` with it")
      }
      return .residual(layer: options.layer ?? 0, position: options.position)
    }
    throw LensOptionError(
      "dictionary needs a vector to read: `word: to` (or `token: ID`), or a `prompt:` with "
        + "`layer:` and `position:` for a residual")
  }

  public func lenses(for block: LensInput<Options>) -> [String] {
    block.options.lens == .tuned ? [block.request.model] : []
  }

  public func run(_ block: LensInput<Options>, in environment: LensEnvironment) throws
    -> DictionaryReading
  {
    let model = try LoadedModel.named(block.request.model, in: environment)
    let dictionaries = try model.dictionaries(in: environment)
    var trace: Trace?
    let source: DictionaryReading.Source
    switch try self.source(of: block) {
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
      let traced = try model.trace(of: block, in: environment)
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
    return try DictionaryReading(
      dictionaries: dictionaries, trace: trace,
      options: .init(
        source: source, dictionary: block.options.dictionary ?? .output,
        top: block.options.top ?? 10, lens: block.options.lens ?? .logit),
      label: model.label,
      tunedLens: block.options.lens == .tuned ? model.tunedLens(in: environment) : nil)
  }

  /// From 0 (or the lowest amplitude, if negative) to the highest.
  public func valueRange(_ result: DictionaryReading, for block: LensInput<Options>)
    -> ClosedRange<Double>?
  {
    let values = result.top.map(\.amplitude).filter(\.isFinite) + [0]
    return values.min()!...values.max()!
  }

  public func draw(
    _ result: DictionaryReading, for block: LensInput<Options>, in context: FigureContext
  ) throws -> LensFigure {
    let dictionary = block.options.dictionary ?? .output
    let book = dictionary == .input ? "input dictionary E" : "output dictionary U"
    let description =
      "The \(result.top.count) entries of the \(book) of \(context.fileName(block.request.model)) "
      + "with the largest amplitude (cosine) on \(result.query); the first is "
      + "\"\(result.top[0].text)\" at \(NumberText.fixed(result.top[0].amplitude))."
    let chart = BarChart(
      meta: FigureMeta(
        slug: context.idPrefix,
        title: "\(result.query.prefix(1).uppercased())\(result.query.dropFirst()), read with "
          + (dictionary == .input ? "E" : "U"),
        description: description),
      bars: result.top.map { BarChart.Bar(label: $0.text, value: $0.amplitude) },
      valueTitle: "amplitude (cosine) in " + (dictionary == .input ? "E" : "U"),
      spanning: context.sharedRange)
    let rows = result.top.enumerated().map { index, entry in
      [String(index + 1), entry.text, String(entry.id), NumberText.fixed(entry.amplitude)]
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
