import Analysis
import Engine
import Figures
import Formatting
import Foundation

/// `attention`: every head of every layer classified as a sink, previous-token, self or diffuse
/// head (an overview of layer x head), or, for the `heads` a block names, their query x key
/// patterns; with a table of the head counts per kind and the strongest heads of each.
public struct AttentionRenderer: LensRenderer {
  public let analysis = AnalysisKind.attention
  public let minimumPromptTokens = 2
  public let reportSection: ReportSection? = ReportSection(
    heading: "What the heads look at",
    intro: "Every attention head sorted by what it mostly does: look at the first token, "
      + "at the previous one, at itself, or spread its attention out.",
    caption: "What each attention head mostly attends to.",
    summary: "What each attention head mostly does")

  /// Most heads whose patterns one block may draw.
  static let maximumHeads = 12
  static let headsHint =
    "heads must be a list of heads like [L3H2, L5H0] or [[3, 2], [5, 0]] (layer and head "
    + "numbers from 0)"

  /// A renderer.
  public init() {}

  public struct Options: LensOptions {
    var heads: [Head]?
    var threshold: Double?

    public func check() throws(LensOptionError) {
      try require(threshold, in: 0...1, "threshold")
      guard let heads else { return }
      let count = Set(heads.map(\.id)).count
      guard count <= AttentionRenderer.maximumHeads else {
        throw LensOptionError(
          key: "heads",
          "heads names \(count) heads; a block draws at most \(AttentionRenderer.maximumHeads) "
            + "(split them over several blocks)")
      }
    }

    /// The analysis' options: the block's, defaults for the rest.
    var analysis: Attention.Options {
      var options = Attention.Options()
      options.threshold = threshold ?? options.threshold
      for head in heads ?? [] where !options.patterns.contains(head.id) {
        options.patterns.append(head.id)
      }
      return options
    }
  }

  /// One item of `heads:`.
  struct Head: Decodable {
    let id: Attention.HeadID

    init(from decoder: any Decoder) throws {
      let value = try decoder.singleValueContainer().decode(LensValue.self)
      guard let id = AttentionRenderer.head(value) else {
        throw LensOptionError(key: "heads", AttentionRenderer.headsHint + ", not \(value)")
      }
      self.id = id
    }
  }

  /// The head scores, and the prompt's tokens as the pattern figures label them.
  public struct Result: Codable {
    let attention: Attention
    let tokens: [String]
    /// Every head's pattern for the overview's readout (`[layer][head][query][key <= query]`,
    /// to 2 decimals: enough to see where a head looks), when there are at most
    /// `readoutWeights` of them in all.
    var headPatterns: [[[[Double]]]]? = nil
  }

  /// Most attention weights the overview carries for its readout (about 150 kB in the page,
  /// most weights being a one-digit 0): SmolLM2's 270 heads on up to 20 tokens, Gemma 3's 72 on
  /// up to 40, a 32 x 32-head model on up to 10.
  static let readoutWeights = 60_000

  /// A head as a block writes it: `L3H2` (any case, a space allowed before H), `[3, 2]`, or
  /// `{layer: 3, head: 2}`.
  static func head(_ value: LensValue) -> Attention.HeadID? {
    func number(_ value: LensValue?) -> Int? {
      guard case .int(let number) = value, number >= 0 else { return nil }
      return number
    }
    switch value {
    case .string(let text):
      let upper = text.uppercased().filter { $0 != " " }
      guard upper.first == "L", let split = upper.firstIndex(of: "H") else { return nil }
      let layer = upper[upper.index(after: upper.startIndex)..<split]
      let head = upper[upper.index(after: split)...]
      guard !layer.isEmpty, !head.isEmpty, (layer + head).allSatisfy(\.isASCII),
        (layer + head).allSatisfy(\.isNumber), let l = Int(layer), let h = Int(head)
      else { return nil }
      return Attention.HeadID(layer: l, head: h)
    case .list(let pair) where pair.count == 2:
      guard let layer = number(pair[0]), let head = number(pair[1]) else { return nil }
      return Attention.HeadID(layer: layer, head: head)
    case .map(let fields) where fields.count == 2:
      guard let layer = number(fields["layer"]), let head = number(fields["head"]) else {
        return nil
      }
      return Attention.HeadID(layer: layer, head: head)
    default:
      return nil
    }
  }

  public func run(_ block: LensInput<Options>, in environment: LensEnvironment) throws -> Result {
    let options = block.options.analysis
    let model = try LoadedModel.named(block.request.model, in: environment)
    let trace = try model.trace(of: block, attention: true, in: environment)
    let (layers, heads) = (trace.layerCount, trace.headCount)
    for id in options.patterns where id.layer >= layers || id.head >= heads {
      throw LensOptionError(
        key: "heads",
        "head L\(id.layer)H\(id.head) is not in \(model.file.fileName): it has layers 0 to "
          + "\(layers - 1) and heads 0 to \(heads - 1)")
    }
    guard trace.tokens.count >= 2 else {
      throw LensOptionError(
        "attention needs a prompt of at least 2 tokens; this one has \(trace.tokens.count)")
    }
    var result = Result(
      attention: try Attention(trace: trace, options: options),
      tokens: trace.tokens.map(model.label))
    let n = trace.tokens.count
    if options.patterns.isEmpty, layers * heads * n * (n + 1) / 2 <= Self.readoutWeights {
      var every = options
      every.patterns = (0..<layers).flatMap { layer in
        (0..<heads).map { Attention.HeadID(layer: layer, head: $0) }
      }
      let all = try Attention(trace: trace, options: every).patterns
      result.headPatterns = (0..<layers).map { layer in
        (0..<heads).map { head in
          all[layer * heads + head].weights.enumerated().map { query, row in
            row.prefix(query + 1).map { ($0 * 100).rounded() / 100 }
          }
        }
      }
    }
    return result
  }

  public func draw(_ drawn: Result, for block: LensInput<Options>, in context: FigureContext)
    throws -> LensFigure
  {
    let result = drawn.attention
    let model = context.fileName(block.request.model)
    let figure =
      result.patterns.isEmpty
      ? Self.overview(
        result, model: model, tokens: drawn.tokens, patterns: drawn.headPatterns,
        slug: context.idPrefix)
      : Self.patterns(result, model: model, tokens: drawn.tokens, slug: context.idPrefix)
    return LensFigure(
      svg: figure.svg, data: try CanonicalJSON.string(result), alt: figure.description,
      finding: result.findings.joined(separator: " "),
      table: LensTable(
        header: ["kind", "heads", "strongest (score; entropy for diffuse)"],
        rows: Self.kindRows(result)))
  }

  /// Per kind: how many heads, and the three with the highest score of that kind.
  static func kindRows(_ result: Attention) -> [[String]] {
    let all = Array(result.heads.joined())
    return Attention.Kind.allCases.map { kind in
      let strongest = all.filter { $0.kind == kind }.sorted {
        ($0.score, -$0.layer, -$0.head) > ($1.score, -$1.layer, -$1.head)
      }
      return [
        kind.rawValue, String(result.counts[kind.rawValue] ?? 0),
        strongest.prefix(3).map { "L\($0.layer)H\($0.head) " + NumberText.fixed($0.score, 2) }
          .joined(separator: ", "),
      ]
    }
  }
}
