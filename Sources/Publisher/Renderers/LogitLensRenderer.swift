import Analysis
import Engine
import Figures
import Formatting
import Foundation

/// `logit-lens`: every layer's top-1 guess at every prompt position as a token heatmap,
/// embedding at the bottom and the output at the top, coloured by the block's `measure`.
public struct LogitLensRenderer: LensRenderer {
  public let analysis = AnalysisKind.logitLens
  public let reportSection: ReportSection? = ReportSection(
    heading: "The guess forming layer by layer",
    intro: "The logit lens reads the residual stream after every layer through the model's "
      + "final norm and output matrix, as if the model had to answer there. Each cell is "
      + "the top guess at one position after one layer; the embedding is at the bottom and "
      + "the output at the top.",
    caption: "The top guess of every layer at every position of the prompt.",
    summary: "How the guess at every position forms through the layers")

  /// A renderer.
  public init() {}

  public struct Options: LensOptions {
    var measure: LogitLens.Options.Measure?
    var norm: LogitLens.Options.Norm?
    var top: Int?
    var positions: Int?
    var lens: LensView?

    public func check() throws(LensOptionError) {
      try require(top, in: 1...20, "top")
      try require(positions, in: 1...1024, "positions")
      if (lens ?? .logit) != .logit, norm == LogitLens.Options.Norm.none {
        throw LensOptionError(
          key: "norm", "norm: none reads the raw logit lens only; the tuned lens always reads "
            + "through the final norm")
      }
    }

    /// The readouts drawn, in order.
    var kinds: [LensKind] {
      switch lens ?? .logit {
      case .logit: [.logit]
      case .tuned: [.tuned]
      case .both: [.logit, .tuned]
      }
    }

    /// The analysis' options: the block's, defaults for the rest.
    var analysis: LogitLens.Options {
      var options = LogitLens.Options()
      options.norm = norm ?? options.norm
      options.measure = measure ?? options.measure
      options.top = top ?? options.top
      options.positions = positions ?? options.positions
      return options
    }
  }

  public func lenses(for block: LensInput<Options>) -> [String] {
    block.options.kinds.contains(.tuned) ? [block.request.model] : []
  }

  /// One reading per lens of `Options.kinds`.
  public func run(_ block: LensInput<Options>, in environment: LensEnvironment) throws
    -> [LogitLens]
  {
    let model = try LoadedModel.named(block.request.model, in: environment)
    let trace = try model.trace(of: block, in: environment)
    return try block.options.kinds.map { kind in
      var options = block.options.analysis
      options.lens = kind
      return try LogitLens(
        trace: trace, unembedding: model.unembedding(in: environment), options: options,
        label: model.label,
        tunedLens: kind == .tuned ? model.tunedLens(in: environment) : nil)
    }
  }

  public func draw(
    _ results: [LogitLens], for block: LensInput<Options>, in context: FigureContext
  ) throws -> LensFigure {
    guard results.count == 2 else { return try draw(results[0], for: block, in: context) }
    let figures = try results.map { try draw($0, for: block, in: context) }
    let heatmaps = try results.map { try heatmap($0, for: block, in: context) }
    let description =
      "The logit lens (top) and the tuned lens (bottom) of "
      + "\(context.fileName(block.request.model)) on the same positions: "
      + heatmaps[0].meta.description
    let stack = ChartStack(
      meta: FigureMeta(
        slug: context.idPrefix, title: "Logit lens and tuned lens", description: description),
      panels: heatmaps)
    let (raw, tuned) = (results[0], results[1])
    let rows = raw.tokens.indices.map { position in
      [
        raw.tokens[position].text, raw.finalTokens[position].text,
        NumberText.fixed(raw.finalTokens[position].probability, 3),
        raw.settleLayers[position].map(String.init) ?? "never",
        tuned.settleLayers[position].map(String.init) ?? "never",
      ]
    }
    return LensFigure(
      svg: stack.svg(), data: try CanonicalJSON.string(results), alt: description,
      finding: "Logit lens: " + figures[0].finding + " Tuned lens: " + figures[1].finding,
      table: LensTable(
        header: ["token", "final guess", "probability", "logit lens settles", "tuned lens settles"],
        rows: rows))
  }

  /// The figure of one reading.
  func draw(_ result: LogitLens, for block: LensInput<Options>, in context: FigureContext)
    throws -> LensFigure
  {
    let heatmap = try heatmap(result, for: block, in: context)
    let rows = result.tokens.indices.map { position in
      [
        result.tokens[position].text, result.finalTokens[position].text,
        NumberText.fixed(result.finalTokens[position].probability, 3),
        result.settleLayers[position].map(String.init) ?? "never",
      ]
    }
    return LensFigure(
      svg: heatmap.svg(), data: try CanonicalJSON.string(result), alt: heatmap.meta.description,
      finding: result.findings.joined(separator: " "),
      table: LensTable(
        header: ["token", "final guess", "probability", "settles at layer"], rows: rows))
  }

  /// The colour range of the measures fitted to the data (rank, entropy, KL); probabilities
  /// are on 0 to 1 anyway.
  public func valueRange(_ results: [LogitLens], for block: LensInput<Options>)
    -> ClosedRange<Double>?
  {
    guard let first = results.first, first.options.measure != .own, first.options.measure != .final
    else { return nil }
    let own = ColourMapping(
      scale: .cividis, fitting: results.flatMap { $0.cells.flatMap { $0.map(\.value) } })
    return own.lower...own.upper
  }

  /// The layer rows of the heatmap (embedding to output), for aligning two models' lenses.
  public func layerRows(_ results: [LogitLens], for block: LensInput<Options>) -> Int? {
    results.first?.cells.count
  }

  private func heatmap(
    _ result: LogitLens, for block: LensInput<Options>, in context: FigureContext
  ) throws -> TokenHeatmap {
    let options = result.options
    let tokens = result.tokens.map(\.id)
    let layerCount = result.cells.count - 1
    let layers = (0...layerCount).map {
      $0 == 0 ? "emb" : $0 == layerCount ? "\($0) out" : "\($0)"
    }
    let values = result.cells.flatMap { $0.map(\.value) }
    let mapping: ColourMapping
    switch options.measure {
    case .own, .final: mapping = ColourMapping(scale: .viridis, lower: 0, upper: 1)
    case .rank, .entropy, .kl:
      let own = ColourMapping(scale: .cividis, fitting: values)
      mapping = ColourMapping(scale: .cividis, range: context.range(own.lower...own.upper))
    }
    let matches = Set(
      (0..<max(0, tokens.count - 1)).filter { result.finalTokens[$0].id == tokens[$0 + 1] })
    let span =
      result.promptLength == tokens.count
      ? "\(tokens.count) tokens" : "the last \(tokens.count) of \(result.promptLength) tokens"
    let description =
      "\(result.options.lens == .tuned ? "Tuned" : "Logit") lens of "
      + "\(context.fileName(block.request.model)) on \(span): the top "
      + "guess of each of "
      + "\(layerCount + 1) layers (embedding to output) at each position, coloured by "
      + "\(Self.measureDescription(options.measure))."
    var figure = TokenHeatmap(
      meta: FigureMeta(
        slug: context.idPrefix,
        title: "\(result.options.lens == .tuned ? "Tuned" : "Logit") lens, top \(options.top) "
          + "per cell",
        description: description),
      tokens: result.tokens.map(\.text), layers: layers,
      cells: result.cells.map { row in
        row.map { cell in
          TokenHeatmap.Cell(
            value: cell.value,
            top: cell.top.map { TokenHeatmap.Guess(text: $0.text, probability: $0.probability) },
            finalRank: cell.finalRank)
        }
      },
      measure: Self.measureName(options.measure), mapping: mapping, finalMatchesNext: matches)
    figure.rowHeight = context.rowHeight(
      rows: figure.layers.count, cellSize: figure.standardRowHeight)
    return figure
  }

  static func measureDescription(_ measure: LogitLens.Options.Measure) -> String {
    switch measure {
    case .own: "the probability of the top guess"
    case .final: "the probability of the model's final guess"
    case .rank: "the log10 rank of the model's final guess"
    case .entropy: "the entropy of the layer's distribution in nats"
    case .kl: "the KL divergence from the final distribution in nats"
    }
  }

  /// The short name over the colour bar.
  static func measureName(_ measure: LogitLens.Options.Measure) -> String {
    switch measure {
    case .own: "top-1 p"
    case .final: "final p"
    case .rank: "log10 rank"
    case .entropy: "entropy"
    case .kl: "KL (nats)"
    }
  }
}

extension LogitLens.Options.Measure: LensChoice {}
extension LogitLens.Options.Norm: LensChoice {}
extension LensKind: LensChoice {}

/// A logit-lens block's `lens`: one readout, or both side by side.
public enum LensView: String, Codable, Sendable, CaseIterable, LensChoice {
  case logit, tuned, both
}
