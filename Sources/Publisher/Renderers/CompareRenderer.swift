import Analysis
import Engine
import Figures
import Formatting
import Foundation

/// `compare`: two runs side by side, either two prompts on one model (`prompts: [A, B]`) or one
/// prompt on two models (`models: [M1, M2]` with `prompt`). Without `of:` it shows logit-lens
/// agreement by relative depth over each run's median change per block, with a table of the two
/// answers; with `of: ANALYSIS` (and that analysis' own options under `options:`) it runs that
/// analysis on both and shows the two figures side by side (`CompareRenderer+SideBySide`).
public struct CompareRenderer: LensRenderer {
  public let analysis = AnalysisKind.compare
  public let needsPrompt = false
  /// Not in reports: a comparison needs two runs.
  public let reportSection: ReportSection? = nil

  /// A renderer.
  public init() {}

  /// One side: the model's name as the block wrote it, the prompt, and how the page names it.
  struct Run {
    let model: String
    let prompt: String
  }

  /// The numbers behind the figure: without `of`, the comparison and each run's median change
  /// per block; with it, the analysis and each run's own result.
  public struct Numbers: Codable {
    var comparison: Comparison?
    var leftMedianChangePercent: [Double]?
    var rightMedianChangePercent: [Double]?
    var of: AnalysisKind?
    var runs: [RunResult]?
    /// B - A cell by cell, where both runs' figures are grids of one shape.
    var difference: [[Double]]?
  }

  /// One run of a side-by-side comparison: its name on the page, and the analysis' result.
  struct RunResult: Codable {
    let name: String
    let result: JSONValue
  }

  public struct Options: LensOptions {
    var models: [String]?
    var prompts: [String]?
    var lens: LensKind?
    /// The analysis to run on both sides.
    var of: String?
    /// That analysis' own options (read by it, not here).
    var options: AnyOptions?

    public func check() throws(LensOptionError) {
      try Self.checkPair(models, "models", what: "model names")
      try Self.checkPair(prompts, "prompts", what: "prompts")
    }

    /// Any value: the options of another analysis, which that analysis' renderer checks.
    struct AnyOptions: Decodable {
      init(from decoder: Decoder) throws {}
    }

    /// Throws unless `values` (when given) are two different, non-empty strings.
    static func checkPair(_ values: [String]?, _ key: String, what: String)
      throws(LensOptionError)
    {
      guard let values else { return }
      guard values.count == 2, !values.contains(where: \.isEmpty), values[0] != values[1] else {
        throw LensOptionError(
          key: key,
          "\(key) must be a list of two different, non-empty \(what), like [A, B]; "
            + "found \(LensValue.list(values.map(LensValue.string)))")
      }
    }
  }

  public func models(for block: LensInput<Options>) -> [String] {
    block.options.models ?? [block.request.model]
  }

  public func check(_ block: LensInput<Options>) throws(LensOptionError) {
    if block.options.of == nil { _ = try runs(block) }
    if block.options.of != nil {
      _ = try sideRequests(block)
    } else if block.options.options != nil {
      throw LensOptionError(
        key: "options", "`options:` holds the options of the analysis named by `of:`; add `of:`")
    }
  }

  public func lenses(for block: LensInput<Options>) -> [String] {
    if block.options.of != nil, let sides = try? sideRequests(block) {
      return sides.flatMap { $0.renderer.lensNames(for: $0.request) }
    }
    return block.options.lens == .tuned ? models(for: block) : []
  }

  /// The two runs of a block; throws for anything but exactly one of `prompts` and `models`.
  func runs(_ block: LensInput<Options>, promptOptional: Bool = false) throws(LensOptionError)
    -> [Run]
  {
    let request = block.request
    switch (block.options.prompts, block.options.models) {
    case (let prompts?, nil):
      guard request.prompt == nil else {
        throw LensOptionError(
          key: "prompt",
          "compare takes either `prompts: [A, B]` (one model) or `prompt:` with "
            + "`models: [M1, M2]`, not both `prompt` and `prompts`")
      }
      return prompts.map { Run(model: request.model, prompt: $0) }
    case (nil, let models?):
      if promptOptional, request.prompt == nil {
        return models.map { Run(model: $0, prompt: "") }
      }
      guard let prompt = request.prompt, !prompt.isEmpty else {
        throw LensOptionError(
          key: "models", "compare with `models: [M1, M2]` needs a `prompt:` to run through both")
      }
      return models.map { Run(model: $0, prompt: prompt) }
    case (.some, .some):
      throw LensOptionError(
        key: "models",
        "compare takes either `prompts: [A, B]` or `models: [M1, M2]`, not both; compare two "
          + "prompts or two models")
    case (nil, nil):
      throw LensOptionError(
        "compare needs two runs: `prompts: [A, B]` (two prompts on one model) or `prompt:` with "
          + "`models: [M1, M2]` (one prompt on two models)")
    }
  }

  public func run(_ block: LensInput<Options>, in environment: LensEnvironment) throws -> Numbers
  {
    if block.options.of != nil { return try runSideBySide(block, in: environment) }
    let byModels = block.options.models != nil
    var sides: [(name: String, lens: LogitLens, change: ResidualChange)] = []
    for run in try runs(block) {
      let model = try LoadedModel.named(run.model, in: environment)
      let trace = try model.trace(model.tokens(run.prompt, bos: block.bos), in: environment)
      let kind = block.options.lens ?? .logit
      let lens = try LogitLens(
        trace: trace, unembedding: model.unembedding(in: environment),
        options: LogitLens.Options(lens: kind), label: model.label,
        tunedLens: kind == .tuned ? model.tunedLens(in: environment) : nil)
      let change = try ResidualChange(trace: trace)
      let fileName = model.file.fileName
      let stem = fileName.hasSuffix(".gguf") ? String(fileName.dropLast(5)) : fileName
      sides.append((byModels ? stem : Self.quoted(run.prompt), lens, change))
    }
    let (left, right) = (sides[0], sides[1])
    let result = try Comparison(
      leftName: left.name, leftLens: left.lens, leftChange: left.change,
      rightName: right.name, rightLens: right.lens, rightChange: right.change)
    return Numbers(
      comparison: result, leftMedianChangePercent: left.change.layers.map(\.medianChangePercent),
      rightMedianChangePercent: right.change.layers.map(\.medianChangePercent))
  }

  public func draw(_ data: Numbers, for block: LensInput<Options>, in context: FigureContext)
    throws -> LensFigure
  {
    if let runs = data.runs { return try drawSideBySide(runs, for: block, in: context) }
    guard let result = data.comparison, let leftChange = data.leftMedianChangePercent,
      let rightChange = data.rightMedianChangePercent
    else { throw LensOptionError("this comparison's stored result is incomplete") }
    let byModels = block.options.models != nil
    let fileNames = (block.options.models ?? [block.request.model]).map(context.fileName)
    let (left, right) = (result.left, result.right)
    let models = byModels ? "\(fileNames[0]) and \(fileNames[1])" : fileNames[0]
    let lensName = (block.options.lens ?? .logit).modifier
    let description =
      "Two runs of \(models) side by side: the share of the last \(result.alignedPositions) "
      + "positions where the \(lensName) top guesses of \(left.name) and \(right.name) agree, "
      + "layer by layer aligned by relative depth, and each run's median change per block."
    let agreement = LineChart(
      meta: FigureMeta(
        slug: "agreement",
        title: (block.options.lens ?? .logit) == .tuned ? "Tuned-lens agreement" : "Logit-lens agreement",
        description: description),
      series: [
        LineSeries(
          name: "top-1 agreement %",
          points: result.lensAgreement.enumerated().map { layer, share in
            .init(x: Self.depth(layer, of: result.lensAgreement.count - 1), y: share * 100)
          }, markers: true)
      ], xTitle: "relative depth (% of layers)", yTitle: "agreement %", yRange: 0...100,
      digits: 0, height: 240)
    let change = LineChart(
      meta: FigureMeta(slug: "change", title: "Median change per block", description: description),
      series: [(left.name, leftChange), (right.name, rightChange)].map { name, values in
        LineSeries(
          name: name.count > 18 ? name.prefix(17) + "…" : name,
          points: values.enumerated().map { index, value in
            .init(x: Self.depth(index + 1, of: values.count), y: value)
          })
      }, xTitle: "relative depth (% of layers)", yTitle: "median change %", yScale: .log10,
      digits: 1, height: 240)
    let stack = ChartStack(
      meta: FigureMeta(
        slug: context.idPrefix, title: "\(left.name) against \(right.name)",
        description: description),
      panels: [agreement, change])
    let rows = [result.left, result.right].map { side in
      [
        side.name, side.answer.text, NumberText.fixed(side.answer.probability, 3),
        NumberText.fixed(side.middleMedianChangePercent, 1),
      ]
    }
    return LensFigure(
      svg: stack.svg(), data: try CanonicalJSON.string(data), alt: description,
      finding: result.findings.joined(separator: " "),
      table: LensTable(
        header: ["run", "answer", "probability", "middle median change %"], rows: rows))
  }

  /// Layer `layer` of `count` as a percentage of the depth.
  static func depth(_ layer: Int, of count: Int) -> Double {
    count == 0 ? 0 : Double(layer) * 100 / Double(count)
  }

  /// A prompt as a run's name: quoted, cut to 32 characters.
  static func quoted(_ prompt: String) -> String {
    let flat = prompt.split(whereSeparator: \.isNewline).joined(separator: " ")
    return "\"" + (flat.count > 32 ? flat.prefix(31) + "…" : flat) + "\""
  }
}
