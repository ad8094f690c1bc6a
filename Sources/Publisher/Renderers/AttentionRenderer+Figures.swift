import Analysis
import Figures
import Formatting
import Foundation

/// The two figures of `attention`: every head at a glance, or the patterns of chosen heads.
extension AttentionRenderer {
  /// The one-letter form of `word(_:)`, for head maps too wide for words.
  static func letter(_ kind: Attention.Kind) -> String {
    switch kind {
    case .sink: "S"
    case .previous: "P"
    case .`self`: "I"
    case .diffuse: ""
    }
  }

  /// The short word a head's cell shows (diffuse heads show none).
  static func word(_ kind: Attention.Kind) -> String {
    switch kind {
    case .sink: "sink"
    case .previous: "prev"
    case .`self`: "self"
    case .diffuse: ""
    }
  }

  /// Layer x head, each head coloured by its largest of the sink, previous and self scores and
  /// labelled with its kind.
  static func overview(
    _ result: Attention, model: String, tokens labels: [String], patterns: [[[[Double]]]]?,
    slug: String
  ) -> (svg: String, description: String) {
    let tokens = labels.count
    let layerCount = result.heads.count
    let headCount = result.heads.first?.count ?? 0
    let threshold = NumberText.fixed(result.options.threshold, 2)
    let description =
      "Every head of the \(layerCount) layers x \(headCount) heads of \(model) "
      + "on \(tokens) tokens, coloured by its largest mean attention on the first token "
      + "(sink), the token before (prev) or itself (self), and labelled with it when it "
      + "reaches \(threshold); unlabelled heads are diffuse."
    let cells = result.heads.map { row in
      row.map { head -> LabelledHeatmap.Cell in
        func score(_ value: Double) -> String { NumberText.fixed(value, 2) }
        let detail =
          (head.kind == .diffuse ? "diffuse" : head.kind.rawValue) + " (sink "
          + score(head.sink) + ", previous " + score(head.previous) + ", self "
          + score(head.selfScore) + ", entropy " + score(head.entropy) + ")"
        // The head's pattern for the page script: one list of weights per query.
        let pattern = patterns?[head.layer][head.head].map { row in
          "[" + row.map { NumberText.trimmed($0, digits: 2) }.joined(separator: ",") + "]"
        }
        return LabelledHeatmap.Cell(
          value: max(head.sink, head.previous, head.selfScore), label: word(head.kind),
          detail: detail, shortLabel: letter(head.kind),
          scriptData: pattern.map { ["pattern": "[" + $0.joined(separator: ",") + "]"] } ?? [:])
      }
    }
    var meta = FigureMeta(
      slug: slug, title: "What every attention head does",
      description: description
        + (patterns == nil
          ? ""
          : " Selecting a head in the page shows its pattern (query x key) under the figure."))
    if patterns != nil {
      meta.scriptData["tokens"] =
        "[" + labels.map { JSONText.string(XMLText.visible($0)) }.joined(separator: ",") + "]"
    }
    let heatmap = LabelledHeatmap(
      meta: meta,
      cells: cells, rowLabels: (0..<layerCount).map(String.init),
      columnLabels: (0..<headCount).map(String.init), rowTitle: "layer", columnTitle: "head",
      measure: "top score",
      key: "sink: first token · prev: token before · self: itself · blank: diffuse (< "
        + "\(threshold))",
      shortKey: "S: sink (first token) · P: token before · I: itself · blank: diffuse (< "
        + "\(threshold))",
      mapping: ColourMapping(scale: .viridis, lower: 0, upper: 1), firstRowAtBottom: true)
    return (heatmap.svg(), description)
  }

  /// The query x key patterns of the heads asked for: one heatmap with token labels for one
  /// head, small multiples for several.
  static func patterns(_ result: Attention, model: String, tokens labels: [String], slug: String)
    -> (svg: String, description: String)
  {
    let n = labels.count
    let names = result.patterns.map { pattern in
      let kind = result.heads[pattern.layer][pattern.head].kind
      return "L\(pattern.layer)H\(pattern.head)" + (kind == .diffuse ? "" : " " + word(kind))
    }
    let values = result.patterns.map { pattern in
      pattern.weights.enumerated().map { query, row in
        row.enumerated().map { key, weight in key <= query ? Optional(weight) : nil }
      }
    }
    let description =
      "Attention pattern of " + names.joined(separator: ", ") + " of \(model) "
      + "on \(n) tokens: row q is the query, column k the key it attends to (k <= q), "
      + "coloured by the share of the query's attention; tokens: "
      + labels.joined(separator: " ") + "."
    let mapping = ColourMapping(scale: .viridis, lower: 0, upper: 1)
    let title = "Attention of " + names.joined(separator: ", ")
    let meta = FigureMeta(slug: slug, title: title, description: description)
    if values.count == 1 {
      let heatmap = NumericHeatmap(
        meta: meta, values: values[0], rowLabels: labels, columnLabels: labels,
        rowTitle: "query", columnTitle: "key", measure: "attention", mapping: mapping,
        cellSize: min(24, max(4, 400 / n)), digits: 2)
      return (heatmap.svg(), description)
    }
    let columns = min(values.count, 4)
    let cellSize = min(24, max(2, 360 / (n * columns)))
    // The axis line fits the figure's width (panels, gaps, colour bar) at ~6.5 units a letter.
    let width = max(320, 8 + columns * (max(n * cellSize, 40) + 12) + 72)
    let axes = XMLText.truncate(
      "query (rows), key (columns): " + labels.joined(separator: " "),
      to: (width - 16) * 2 / 13)
    let multiples = SmallMultiples(
      meta: meta,
      panels: zip(names, values).map { SmallMultiples.Panel(title: $0, values: $1) },
      columns: columns, cellSize: cellSize, measure: "attention", mapping: mapping, axes: axes)
    return (multiples.svg(), description)
  }
}
