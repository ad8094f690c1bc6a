import Analysis
import Engine
import Foundation

/// One kind of lens block: the analysis it runs and the figure it draws. The step analyses plug
/// in; `LensRenderers` is the registry.
///
/// A block goes through three steps:
/// 1. its options are decoded into `Options` and checked, for every block of the build before
///    any model loads (`validate`);
/// 2. `run` computes the `Result` (the expensive part: models, forward passes), which the
///    cache keeps, keyed by the models, the request and the executable (`CodeIdentity`);
/// 3. `draw` turns the result into the figure on every build, cached or not, so a figure can
///    never be older than the code that draws it.
///
/// A figure is always drawn from the result as the cache stores it (encoded and decoded
/// again), so a fresh run and a cache hit give the same bytes.
public protocol LensRenderer {
  /// The block's options (`bos` is shared by all and comes in `LensInput.bos`).
  associatedtype Options: LensOptions = NoLensOptions
  /// What `run` computes: everything `draw` needs besides the block itself.
  associatedtype Result: Codable

  /// The analysis: the name lens blocks give in `analysis:`.
  var analysis: AnalysisKind { get }
  /// Whether a block must have a `prompt:` (true unless the renderer says otherwise).
  var needsPrompt: Bool { get }
  /// The analysis' section in a one-shot `report`, or nil to leave it out of reports.
  var reportSection: ReportSection? { get }
  /// The fewest prompt tokens (BOS included) the analysis can read anything from: 2 where a
  /// query needs a key before it. A report leaves the analysis out of shorter prompts.
  var minimumPromptTokens: Int { get }
  /// The token positions a report's block sends through the model, over all its forward
  /// passes, for a prompt of `promptTokens` (one trace of the prompt by default). A report
  /// leaves out a block whose work is too much for the model (`ReportWriter.workLimit`).
  func reportWork(config: ModelConfig, promptTokens: Int) -> Int
  /// Checks what the options alone cannot: combinations with the prompt or other keys.
  func check(_ block: LensInput<Options>) throws(LensOptionError)
  /// The models the block reads (registry names or paths); the request's own by default.
  func models(for block: LensInput<Options>) -> [String]
  /// The models (of `models(for:)`) whose tuned lens the block reads: their translator files
  /// join the block's cache key. None by default.
  func lenses(for block: LensInput<Options>) -> [String]
  /// Runs the analysis; throws `LensOptionError` for a block the models cannot satisfy (a word
  /// that is two tokens, a layer past the last).
  func run(_ block: LensInput<Options>, in environment: LensEnvironment) throws -> Result
  /// Draws the figure of `result`.
  func draw(_ result: Result, for block: LensInput<Options>, in context: FigureContext) throws
    -> LensFigure
  /// The values the figure fits its colour scale or value axis to, when it fits them to the
  /// data (nil for a fixed scale, such as probabilities from 0 to 1). `compare` draws both of
  /// its sides on the union of their ranges (`FigureContext.sharedRange`), so a renderer that
  /// returns a range uses the shared one when it is given.
  func valueRange(_ result: Result, for block: LensInput<Options>) -> ClosedRange<Double>?
  /// The figure's numbers as one grid (layer x position, layer x head), when two results of
  /// the same shape can be subtracted cell by cell: `compare` then adds a panel of B - A.
  /// Nil (the default) where a difference means nothing (different tokens, words, curves).
  func grid(_ result: Result, for block: LensInput<Options>) -> ValueGrid?
  /// How many layer rows the figure draws, when its rows are layers: `compare` has two models
  /// of different depth draw them to one height (`FigureContext.alignedRows`). The grid's row
  /// count by default.
  func layerRows(_ result: Result, for block: LensInput<Options>) -> Int?
}

/// A figure's numbers as rows and columns, for a difference view.
public struct ValueGrid: Sendable, Equatable {
  /// `values[row][column]`, the first row at the bottom of the figure.
  public var values: [[Double]]
  public var rowTitle: String
  public var columnTitle: String
  /// One label per row (layers from 0, blocks from 1).
  public var rowLabels: [String]
  /// The column labels (positions may be labelled by their tokens).
  public var columnLabels: [String]
  /// What a cell is, with its unit (`change %`).
  public var measure: String

  public init(
    values: [[Double]], rowTitle: String, columnTitle: String, columnLabels: [String],
    measure: String, firstRow: Int = 0
  ) {
    self.values = values
    self.rowTitle = rowTitle
    self.columnTitle = columnTitle
    self.rowLabels = values.indices.map { String($0 + firstRow) }
    self.columnLabels = columnLabels
    self.measure = measure
  }

  /// Whether `other` has the same rows and columns.
  public func matches(_ other: ValueGrid) -> Bool {
    values.count == other.values.count
      && zip(values, other.values).allSatisfy { $0.count == $1.count } && measure == other.measure
  }
}

extension LensRenderer {
  public var needsPrompt: Bool { true }
  public var reportSection: ReportSection? { nil }
  public var minimumPromptTokens: Int { 1 }
  public func reportWork(config: ModelConfig, promptTokens: Int) -> Int { promptTokens }
  public func check(_ block: LensInput<Options>) throws(LensOptionError) {}
  public func models(for block: LensInput<Options>) -> [String] { [block.request.model] }
  public func lenses(for block: LensInput<Options>) -> [String] { [] }
  public func valueRange(_ result: Result, for block: LensInput<Options>) -> ClosedRange<Double>? {
    nil
  }

  public func grid(_ result: Result, for block: LensInput<Options>) -> ValueGrid? { nil }
  public func layerRows(_ result: Result, for block: LensInput<Options>) -> Int? {
    grid(result, for: block)?.values.count
  }

  /// The layer rows of a result stored as `json` (see `layerRows(_:for:)`).
  public func layerRows(fromJSON json: String, for request: LensRequest) throws -> Int? {
    let result = try JSONDecoder().decode(Result.self, from: Data(json.utf8))
    return layerRows(result, for: try input(for: request))
  }

  /// The grid of a result stored as `json` (see `grid(_:for:)`).
  public func grid(fromJSON json: String, for request: LensRequest) throws -> ValueGrid? {
    let result = try JSONDecoder().decode(Result.self, from: Data(json.utf8))
    return grid(result, for: try input(for: request))
  }

  /// The value range of a result stored as `json` (see `valueRange(_:for:)`).
  public func valueRange(fromJSON json: String, for request: LensRequest) throws
    -> ClosedRange<Double>?
  {
    let result = try JSONDecoder().decode(Result.self, from: Data(json.utf8))
    return valueRange(result, for: try input(for: request))
  }

  /// The models whose tuned lens `request` reads; none when its options do not decode.
  public func lensNames(for request: LensRequest) -> [String] {
    guard let block = try? input(for: request) else { return [] }
    return lenses(for: block)
  }

  /// The block of `request` with its options decoded and checked.
  public func input(for request: LensRequest) throws(LensOptionError) -> LensInput<Options> {
    let options = try LensOptionsDecoder.decode(
      Options.self, from: request.options, analysis: analysis.rawValue)
    var bos: Bool?
    if let value = request.options["bos"] {
      guard case .bool(let flag) = value else {
        throw LensOptionError(key: "bos", "bos must be true or false, not \(value.shown)")
      }
      bos = flag
    }
    let block = LensInput(request: request, options: options, bos: bos)
    try check(block)
    return block
  }

  /// Checks a block's options; throws `LensOptionError` naming the option.
  public func validate(_ request: LensRequest) throws(LensOptionError) {
    _ = try input(for: request)
  }

  /// The models `request` reads; its own model when its options do not decode (the build
  /// reports those before it resolves any model).
  public func modelNames(for request: LensRequest) -> [String] {
    guard let block = try? input(for: request) else { return [request.model] }
    return models(for: block)
  }

  /// Runs the block and returns its result as canonical JSON, the form the cache stores.
  public func resultJSON(for request: LensRequest, in environment: LensEnvironment) throws
    -> String
  {
    try CanonicalJSON.string(run(input(for: request), in: environment))
  }

  /// Draws the figure of a result stored as `json`.
  public func figure(fromJSON json: String, for request: LensRequest, in context: FigureContext)
    throws -> LensFigure
  {
    let result = try JSONDecoder().decode(Result.self, from: Data(json.utf8))
    return try draw(result, for: input(for: request), in: context)
  }
}

/// A lens block as its renderer sees it: the request, its decoded options, and `bos`.
public struct LensInput<Options> {
  /// The block's request (analysis, model, prompt, raw options).
  public let request: LensRequest
  /// The options, decoded and checked.
  public let options: Options
  /// `bos: true|false`, nil for the model's default.
  public let bos: Bool?

  /// A block.
  public init(request: LensRequest, options: Options, bos: Bool?) {
    self.request = request
    self.options = options
    self.bos = bos
  }

  /// The prompt ("" when the block has none).
  public var prompt: String { request.prompt ?? "" }
}

/// What `draw` gets besides the result: the figure's id prefix and the build's model files
/// (for their names; drawing never loads a model).
public struct FigureContext {
  /// A prefix for every `id` in the figure's SVG, derived from the request's content.
  public let idPrefix: String
  /// The models of `models(for:)`, by the name the request uses.
  public let models: [String: ModelFile]
  /// The range to draw on instead of the figure's own `valueRange`, so that two figures
  /// compare (set by `compare`).
  public var sharedRange: ClosedRange<Double>?

  /// A context.
  public init(
    idPrefix: String, models: [String: ModelFile], sharedRange: ClosedRange<Double>? = nil
  ) {
    self.idPrefix = idPrefix
    self.models = models
    self.sharedRange = sharedRange
  }

  /// The number of layer rows both sides of a comparison are drawn to span, when their models
  /// differ in depth (set by `compare`): a heatmap of fewer layers draws taller rows.
  public var alignedRows: Int?

  /// The row height for `rows` layer rows of preferred height `cellSize` that spans
  /// `alignedRows` of them, or nil when no alignment is asked for.
  public func rowHeight(rows: Int, cellSize: Int) -> Int? {
    guard let alignedRows, rows > 0, rows < alignedRows else { return nil }
    return Int((Double(cellSize * alignedRows) / Double(rows)).rounded())
  }

  /// The shared range when there is one, otherwise `own`.
  public func range(_ own: ClosedRange<Double>) -> ClosedRange<Double> { sharedRange ?? own }

  /// The file name pages show for model `name` (the name itself if it was not resolved).
  public func fileName(_ name: String) -> String { models[name]?.fileName ?? name }
}
