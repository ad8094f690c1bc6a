import Analysis
import Engine
import Figures
import Formatting
import Foundation

/// `patchscope`: one position of the prompt read at every layer through the token-identity
/// Patchscope, beside the logit lens of the same cell: a two-column token map (rows: layers)
/// and a table of what each row writes.
public struct PatchscopeRenderer: LensRenderer {
  public let analysis = AnalysisKind.patchscope
  public let reportSection: ReportSection? = ReportSection(
    heading: "What the last position says in words",
    intro: "The logit lens asks which token a layer's state is closest to; a Patchscope asks "
      + "the model itself. The last position's state at each layer is put into a prompt of "
      + "examples that make the model repeat what it reads (a word, a number, a greeting, "
      + "then the state), and the model continues it for a few tokens: what the state says, "
      + "beside the logit lens's top token of the same cell.",
    caption: "The last position read at every layer through the token-identity Patchscope and "
      + "the logit lens.",
    summary: "What the last position's state says at each layer, in the model's own words")

  /// The source prompt once, then per layer a greedy continuation of the target prompt that
  /// runs the whole sequence again for each token (the target is about 24 tokens).
  public func reportWork(config: ModelConfig, promptTokens: Int) -> Int {
    let (target, count) = (24, 4)
    return promptTokens + (config.layerCount + 1) * (count * target + count * (count - 1) / 2)
  }

  /// A renderer.
  public init() {}

  public struct Options: LensOptions {
    var position: Int?
    var target: String?
    var tokens: Int?

    public func check() throws(LensOptionError) {
      try require(position, in: 0...1_000_000, "position")
      try require(tokens, in: 1...16, "tokens")
      if let target, target.isEmpty {
        throw LensOptionError(key: "target", "target must be a prompt, not empty")
      }
    }
  }

  public func run(_ block: LensInput<Options>, in environment: LensEnvironment) throws
    -> Patchscope
  {
    let model = try LoadedModel.named(block.request.model, in: environment)
    let source = model.tokens(block.prompt, bos: block.bos)
    let position = block.options.position ?? source.count - 1
    guard position < source.count else {
      throw LensOptionError(
        key: "position",
        "position must be from 0 to \(source.count - 1) for this prompt of \(source.count) "
          + "tokens, not \(position)")
    }
    let target = block.options.target ?? Patchscope.identityTarget
    var progress = WorkProgress("patchscope: layers", log: environment.log)
    return try Patchscope(
      transformer: model.transformer, source: source, position: position, target: target,
      targetTokens: model.tokens(target, bos: block.bos), count: block.options.tokens ?? 4,
      label: model.label,
      decode: model.text(of:)
    ) { progress.tell(done: $0, of: $1) }
  }

  public func draw(_ result: Patchscope, for block: LensInput<Options>, in context: FigureContext)
    throws -> LensFigure
  {
    let layerCount = result.rows.count - 1
    let description =
      "Position \(result.position) (\"\(result.token.text)\") of "
      + "\(context.fileName(block.request.model)) read at each of \(layerCount + 1) layers two "
      + "ways: the logit lens's top-1 (left, coloured by its probability) and the first token "
      + "the model writes when the state replaces the last position of \"\(result.target)\" "
      + "(right, coloured 1 where it is the lens's token)."
    let heatmap = TokenHeatmap(
      meta: FigureMeta(
        slug: context.idPrefix, title: "What the state says: logit lens and Patchscope",
        description: description),
      tokens: ["logit lens", "patchscope"],
      layers: (0...layerCount).map { $0 == 0 ? "emb" : $0 == layerCount ? "\($0) out" : "\($0)" },
      cells: result.rows.map { row in
        let written = row.continuation.first?.text ?? ""
        return [
          TokenHeatmap.Cell(
            value: row.lensTop.probability,
            top: [TokenHeatmap.Guess(text: row.lensTop.text, probability: row.lensTop.probability)]),
          TokenHeatmap.Cell(
            value: row.continuation.first?.id == row.lensTop.id ? 1 : 0,
            top: [TokenHeatmap.Guess(text: written, probability: 1)]),
        ]
      },
      measure: "lens p", mapping: ColourMapping(scale: .viridis, lower: 0, upper: 1))
    return LensFigure(
      svg: heatmap.svg(), data: try CanonicalJSON.string(result), alt: description,
      finding: result.findings.joined(separator: " "),
      table: LensTable(
        header: ["layer", "logit lens", "patchscope writes"],
        rows: result.rows.map {
          [String($0.layer), $0.lensTop.text, $0.continuation.map(\.text).joined()]
        }))
  }
}
