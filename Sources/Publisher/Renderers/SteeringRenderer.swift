import Analysis
import Engine
import Figures
import Formatting
import Foundation

/// `steering`: activation addition. `prompts: [POSITIVE, NEGATIVE]` give the direction (their
/// last residuals' difference after `layer`), added `scale` times at every position of the
/// block's `prompt`; the figure shows the two greedy continuations token by token, coloured by
/// each token's probability.
public struct SteeringRenderer: LensRenderer {
  public let analysis = AnalysisKind.steering
  /// Not in reports: steering needs two more prompts.
  public let reportSection: ReportSection? = nil

  /// A renderer.
  public init() {}

  public struct Options: LensOptions {
    var prompts: [String]?
    var layer: Int?
    var scale: Double?
    var tokens: Int?

    public func check() throws(LensOptionError) {
      try CompareRenderer.Options.checkPair(prompts, "prompts", what: "prompts")
      if prompts == nil {
        throw LensOptionError(
          key: "prompts",
          "steering needs `prompts: [POSITIVE, NEGATIVE]`: the direction is their difference")
      }
      try require(layer, in: 0...10_000, "layer")
      try require(tokens, in: 1...32, "tokens")
      if let scale, !(scale.isFinite && abs(scale) <= 1000) {
        throw LensOptionError(key: "scale", "scale must be a number from -1000 to 1000")
      }
    }
  }

  public func run(_ block: LensInput<Options>, in environment: LensEnvironment) throws -> Steering
  {
    let model = try LoadedModel.named(block.request.model, in: environment)
    let layers = model.transformer.config.layerCount
    let layer = block.options.layer ?? layers / 2
    guard layer < layers else {
      throw LensOptionError(
        key: "layer", "layer must be from 0 to \(layers - 1) for \(model.file.fileName), not \(layer)")
    }
    let prompts = block.options.prompts ?? []
    return try Steering(
      transformer: model.transformer, prompt: model.tokens(block.prompt, bos: block.bos),
      positive: model.tokens(prompts[0], bos: block.bos),
      negative: model.tokens(prompts[1], bos: block.bos), layer: layer,
      scale: block.options.scale ?? 1, count: block.options.tokens ?? 12, label: model.label,
      decode: model.text(of:))
  }

  public func draw(_ result: Steering, for block: LensInput<Options>, in context: FigureContext)
    throws -> LensFigure
  {
    let prompts = block.options.prompts ?? ["", ""]
    let description =
      "Greedy continuations of the prompt by \(context.fileName(block.request.model)) without "
      + "(bottom) and with (top) the direction \"\(prompts[0])\" minus \"\(prompts[1])\" added at "
      + "layer \(result.layer) with scale \(NumberText.significant(result.scale)), each token "
      + "coloured by its probability."
    let count = max(result.plain.tokens.count, result.steered.tokens.count)
    let heatmap = TokenHeatmap(
      meta: FigureMeta(
        slug: context.idPrefix, title: "Steering at layer \(result.layer)", description: description),
      tokens: (1...count).map(String.init), layers: ["plain", "steered"],
      cells: [result.plain, result.steered].map { run in
        run.tokens.map {
          TokenHeatmap.Cell(
            value: $0.probability, top: [TokenHeatmap.Guess(text: $0.text, probability: $0.probability)])
        }
      },
      measure: "p", mapping: ColourMapping(scale: .viridis, lower: 0, upper: 1))
    return LensFigure(
      svg: heatmap.svg(), data: try CanonicalJSON.string(result), alt: description,
      finding: result.findings.joined(separator: " "),
      table: LensTable(
        header: ["run", "continuation"],
        rows: [["plain", result.plain.text], ["steered", result.steered.text]].map {
          [$0[0], $0[1].split(whereSeparator: \.isNewline).joined(separator: " ")]
        }))
  }
}
