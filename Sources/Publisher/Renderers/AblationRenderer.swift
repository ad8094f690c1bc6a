import Analysis
import Engine
import Figures
import Formatting
import Foundation

/// `ablation`: every head of every layer ablated in turn (`method: mean` or `zero`), as a
/// layer x head heatmap of the change in the answer's log-probability, with the heads that
/// matter most (and their `attention` kind) in the table.
public struct AblationRenderer: LensRenderer {
  public let analysis = AnalysisKind.ablation
  /// Attention classification needs a query after the first token.
  public let minimumPromptTokens = 2
  public let reportSection: ReportSection? = ReportSection(
    heading: "Which heads the answer needs",
    intro: "Correlation says where attention goes; ablation says what the output needs. Each "
      + "head, and each block's attention and MLP, has its output replaced by its mean over "
      + "the prompt, one at a time, and the prompt runs again: the change in the answer's "
      + "log-probability is what that part contributed. The table gives each head's kind from "
      + "the attention section, so the sink heads can be told from the rest.",
    caption: "Change in the answer's log-probability with each head mean-ablated, per layer.",
    summary: "Which heads and sublayers the answer depends on")

  /// The prompt once for the answer, once for the attention classes, and once per head and
  /// sublayer ablated.
  public func reportWork(config: ModelConfig, promptTokens: Int) -> Int {
    promptTokens * (2 + config.layerCount * (config.headCount + 2))
  }

  /// A renderer.
  public init() {}

  public struct Options: LensOptions {
    var method: Ablation.Method?
  }

  public func run(_ block: LensInput<Options>, in environment: LensEnvironment) throws -> Ablation
  {
    let model = try LoadedModel.named(block.request.model, in: environment)
    let tokens = model.tokens(block.prompt, bos: block.bos)
    guard tokens.count >= 2 else {
      throw LensOptionError(
        key: "prompt",
        "ablation needs a prompt of at least 2 tokens (the attention analysis classifies the "
          + "heads by what later positions attend to); this one is \(tokens.count)")
    }
    let trace = try model.trace(tokens, attention: true, in: environment)
    let classes = try Attention(trace: trace)
    var progress = WorkProgress("ablation: runs", log: environment.log)
    return try Ablation(
      transformer: model.transformer, tokens: tokens, attention: classes,
      method: block.options.method ?? .mean, label: model.label
    ) { progress.tell(done: $0, of: $1) }
  }

  /// Symmetric around 0, out to the largest effect of a head.
  public func valueRange(_ result: Ablation, for block: LensInput<Options>) -> ClosedRange<Double>? {
    let reach = Self.reach(result)
    return -reach...reach
  }

  /// The largest effect of a head (at least 1e-6, so that the scale has a width).
  static func reach(_ result: Ablation) -> Double {
    max(result.heads.flatMap { $0.map { abs($0.effect) } }.max() ?? 0, 1e-6)
  }

  /// Layer x head changes of the answer's log-probability.
  public func grid(_ result: Ablation, for block: LensInput<Options>) -> ValueGrid? {
    ValueGrid(
      values: result.heads.map { $0.map(\.effect) }, rowTitle: "layer", columnTitle: "head",
      columnLabels: (0..<(result.heads.first?.count ?? 0)).map(String.init), measure: "Δ ln p")
  }

  public func draw(_ result: Ablation, for block: LensInput<Options>, in context: FigureContext)
    throws -> LensFigure
  {
    let reach = Self.reach(result)
    let description =
      "Each head of \(context.fileName(block.request.model)) ablated in turn "
      + "(\(result.method == .mean ? "its output replaced by its mean over the prompt" : "its output zeroed") "
      + "at every position): the change in the log-probability of the answer "
      + "\"\(result.answer.text)\" at the last position (negative: the head helped)."
    var heatmap = NumericHeatmap(
      meta: FigureMeta(
        slug: context.idPrefix, title: "What each head contributes to the answer",
        description: description),
      values: result.heads.map { $0.map { Optional($0.effect) } },
      rowLabels: result.heads.indices.map(String.init),
      columnLabels: (0..<(result.heads.first?.count ?? 0)).map(String.init),
      rowTitle: "layer", columnTitle: "head", measure: "Δ ln p",
      mapping: ColourMapping(scale: .diverging, range: context.range(-reach...reach)),
      firstRowAtBottom: true, digits: 3)
    heatmap.rowHeight = context.rowHeight(rows: result.heads.count, cellSize: 16)
    let ranked = result.rankedHeads
    return LensFigure(
      svg: heatmap.svg(), data: try CanonicalJSON.string(result), alt: description,
      finding: result.findings.joined(separator: " "),
      table: LensTable(
        header: ["head", "kind", "Δ ln p(answer)"],
        rows: ranked.prefix(8).map {
          ["L\($0.layer)H\($0.head)", $0.kind.rawValue, NumberText.fixed($0.effect, 3)]
        }))
  }
}

extension Ablation.Method: LensChoice {}
