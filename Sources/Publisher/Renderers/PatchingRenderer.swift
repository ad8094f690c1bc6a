import Analysis
import Engine
import Figures
import Formatting
import Foundation

/// `patching`: activation patching between a clean and a corrupted prompt (`prompts: [clean,
/// corrupted]`, the same number of tokens, different answers) at one `site` (`residual`,
/// `attention`, `mlp`): a layer x position heatmap of the share of the clean answer's logit
/// difference each patch restores, with the strongest cells in the table.
public struct PatchingRenderer: LensRenderer {
  public let analysis = AnalysisKind.patching
  public let needsPrompt = false
  /// In a report given `--corrupted`: the report's prompt is the clean one.
  public let reportSection: ReportSection? = ReportSection(
    heading: "Where the answer is computed",
    intro: "The prompt runs a second time with a word changed, and the answer changes. Each "
      + "cell then copies the first run's residual at one layer and position into the second "
      + "run: where the copy brings the first answer back, that layer and position carry what "
      + "decides it (causal tracing).",
    caption: "Share of the clean answer's logit difference restored by patching the residual, "
      + "per layer and position.",
    summary: "Which layers and positions carry the answer",
    comparesCorrupted: true)

  /// Both prompts once, then the corrupted one once per layer and position.
  public func reportWork(config: ModelConfig, promptTokens: Int) -> Int {
    promptTokens * (2 + config.layerCount * promptTokens)
  }

  /// A renderer.
  public init() {}

  public struct Options: LensOptions {
    var prompts: [String]?
    var site: Patching.Site?

    public func check() throws(LensOptionError) {
      try CompareRenderer.Options.checkPair(prompts, "prompts", what: "prompts")
      if prompts == nil {
        throw LensOptionError(
          key: "prompts",
          "patching needs `prompts: [CLEAN, CORRUPTED]`: two prompts of the same token length "
            + "whose answers differ")
      }
    }
  }

  public func check(_ block: LensInput<Options>) throws(LensOptionError) {
    if block.request.prompt != nil {
      throw LensOptionError(
        key: "prompt", "patching takes `prompts: [CLEAN, CORRUPTED]`, not `prompt:`")
    }
  }

  public func run(_ block: LensInput<Options>, in environment: LensEnvironment) throws -> Patching
  {
    let model = try LoadedModel.named(block.request.model, in: environment)
    let prompts = block.options.prompts ?? []
    let clean = model.tokens(prompts[0], bos: block.bos)
    let corrupt = model.tokens(prompts[1], bos: block.bos)
    guard clean.count == corrupt.count else {
      throw LensOptionError(
        key: "prompts",
        "patching needs two prompts of the same token length: the clean one has "
          + "\(clean.count) tokens and the corrupted one \(corrupt.count) with "
          + "\(model.file.fileName)'s tokenizer")
    }
    let site = block.options.site ?? .residual
    var progress = WorkProgress("patching \(site.rawValue): runs", log: environment.log)
    do {
      return try Patching(
        transformer: model.transformer, clean: clean, corrupt: corrupt, site: site,
        label: model.label
      ) { progress.tell(done: $0, of: $1) }
    } catch let error as AnalysisError {
      throw LensOptionError(key: "prompts", error.description)
    }
  }

  /// From 0 (or below, where patching overshoots the other way) to 1 (or above).
  public func valueRange(_ result: Patching, for block: LensInput<Options>) -> ClosedRange<Double>? {
    let values = result.restored.flatMap { $0 }
    return min(0, values.min() ?? 0)...max(1, values.max() ?? 1)
  }

  /// Layer x position shares of the answer's logit difference restored.
  public func grid(_ result: Patching, for block: LensInput<Options>) -> ValueGrid? {
    ValueGrid(
      values: result.restored, rowTitle: "layer", columnTitle: "position",
      columnLabels: (0..<(result.restored.first?.count ?? 0)).map(String.init),
      measure: "restored")
  }

  public func draw(_ result: Patching, for block: LensInput<Options>, in context: FigureContext)
    throws -> LensFigure
  {
    let columns = zip(result.cleanTokens, result.corruptTokens).map { clean, corrupt in
      clean.id == corrupt.id ? clean.text : "\(clean.text)/\(corrupt.text)"
    }
    let siteName =
      switch result.site {
      case .residual: "the residual stream"
      case .attention: "the attention outputs"
      case .mlp: "the MLP outputs"
      }
    let description =
      "Activation patching in \(context.fileName(block.request.model)): each cell copies "
      + "\(siteName) of one layer at one position from the clean run into the corrupted one "
      + "and shows the share of the clean answer \"\(result.cleanAnswer.text)\"'s logit "
      + "difference over \"\(result.corruptAnswer.text)\" that comes back (1: all of it)."
    let values = result.restored.flatMap { $0 }
    var heatmap = NumericHeatmap(
      meta: FigureMeta(
        slug: context.idPrefix, title: "Patching \(siteName)", description: description),
      values: result.restored.map { $0.map { Optional($0) } },
      rowLabels: result.restored.indices.map(String.init), columnLabels: columns,
      rowTitle: "layer", columnTitle: "position (clean/corrupted token)", measure: "restored",
      mapping: ColourMapping(
        scale: .viridis, range: context.range(valueRange(result, for: block) ?? 0...1)),
      firstRowAtBottom: true, cellSize: 16, digits: 2)
    heatmap.rowHeight = context.rowHeight(rows: result.restored.count, cellSize: 16)
    var cells: [(layer: Int, position: Int, value: Double)] = []
    for (layer, row) in result.restored.enumerated() {
      for (position, value) in row.enumerated() { cells.append((layer, position, value)) }
    }
    let strongest = cells.sorted {
      $0.value != $1.value ? $0.value > $1.value : ($0.layer, $0.position) < ($1.layer, $1.position)
    }.prefix(5)
    return LensFigure(
      svg: heatmap.svg(), data: try CanonicalJSON.string(result), alt: description,
      finding: result.findings.joined(separator: " "),
      table: LensTable(
        header: ["layer", "position", "token", "restored"],
        rows: strongest.map {
          [String($0.layer), String($0.position), columns[$0.position], NumberText.percent($0.value)]
        }))
  }
}

extension Patching.Site: LensChoice {}
