import Analysis
import Engine
import Figures
import Foundation

/// `attention`: every head of every layer classified as a sink, previous-token, self or diffuse
/// head (an overview of layer x head), or, for the `heads` a block names, their query x key
/// patterns; with a table of the head counts per kind and the strongest heads of each.
public struct AttentionRenderer: LensRenderer {
  public let analysis = AnalysisKind.attention
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

  public func validate(_ request: LensRequest) throws(LensOptionError) {
    _ = try options(request)
  }

  func options(_ request: LensRequest) throws(LensOptionError) -> (Attention.Options, Bool?) {
    let block = BlockOptions(request, allowed: ["heads", "threshold"])
    try block.checkKeys()
    var options = Attention.Options()
    options.threshold = try block.double("threshold", in: 0...1) ?? options.threshold
    if let value = request.options["heads"] {
      let items: [LensValue]
      if case .list(let list) = value { items = list } else { items = [value] }
      var heads: [Attention.HeadID] = []
      for item in items {
        guard let head = Self.head(item) else {
          throw LensOptionError(key: "heads", Self.headsHint + ", not \(item)")
        }
        if !heads.contains(head) { heads.append(head) }
      }
      guard heads.count <= Self.maximumHeads else {
        throw LensOptionError(
          key: "heads",
          "heads names \(heads.count) heads; a block draws at most \(Self.maximumHeads) "
            + "(split them over several blocks)")
      }
      options.patterns = heads
    }
    return (options, try block.bos())
  }

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

  public func render(_ request: LensRequest, in environment: LensEnvironment) throws -> LensFigure {
    let (options, bos) = try options(request)
    let model = try LoadedModel.named(request.model, in: environment)
    let trace = try model.trace(of: request, bos: bos, in: environment)
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
    let result = try Attention(trace: trace, options: options)
    let figure =
      result.patterns.isEmpty
      ? Self.overview(result, model: model, tokens: trace.tokens.count, slug: environment.idPrefix)
      : Self.patterns(result, model: model, tokens: trace.tokens, slug: environment.idPrefix)
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
        strongest.prefix(3).map { "L\($0.layer)H\($0.head) " + String(format: "%.2f", $0.score) }
          .joined(separator: ", "),
      ]
    }
  }
}
