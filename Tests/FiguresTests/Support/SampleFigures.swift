import Figures
import Foundation

/// Hand-made inputs in the shapes the analyses produce, for goldens and browser checks.
enum SampleFigures {
  /// A small logit lens: 4 rows (embedding, 2 layers, output) over 5 tokens, with hostile text.
  static var tokenHeatmap: TokenHeatmap {
    let tokens = ["⟨BOS⟩", "The", "␣capital", "␣of", "␣<France>"]
    let guesses = [
      ["the", "a", "\u{202E}evil", "<b>", "&amp;"],
      ["\u{0}nul", "Paris", "\"q\"", "'s", "tab\there"],
      ["\n", "city", "of", "France", "Paris"],
      ["The", "capital", "of", "France", "is"],
    ]
    var cells: [[TokenHeatmap.Cell]] = []
    for (layer, row) in guesses.enumerated() {
      var cellRow: [TokenHeatmap.Cell] = []
      for (position, text) in row.enumerated() {
        let p = Double((layer * 7 + position * 3) % 10) / 10 + 0.05
        let top: [TokenHeatmap.Guess] = [
          .init(text: text, probability: p), .init(text: "x\(position)", probability: p / 2),
          .init(text: "<y>", probability: p / 4), .init(text: "z", probability: p / 8),
          .init(text: "w", probability: p / 16),
        ]
        cellRow.append(TokenHeatmap.Cell(value: p, top: top))
      }
      cells.append(cellRow)
    }
    return TokenHeatmap(
      meta: FigureMeta(
        slug: "fig-1-logit-lens", title: "Logit lens: top guess per layer",
        description: "Rows are layers from the embedding at the bottom to the output at the top.",
        caption: "Figure 1. The guess forms in the last layers.", dataLink: "fig-1-logit-lens.json"),
      tokens: tokens, layers: ["emb", "L1", "L2", "out"], cells: cells,
      measure: "p(top-1)", mapping: ColourMapping(scale: .viridis, lower: 0, upper: 1),
      finalMatchesNext: [2, 3])
  }

  /// A causal attention pattern (6 x 6, upper triangle empty) on the cividis scale.
  static var attentionPattern: NumericHeatmap {
    let n = 6
    var values: [[Double?]] = []
    for query in 0..<n {
      var row: [Double?] = []
      for key in 0..<n {
        let weight: Double = 1 / Double(query + 1) + (key == 0 ? 0.3 : 0)
        row.append(key > query ? nil : weight)
      }
      values.append(row)
    }
    let labels = ["⟨BOS⟩", "The", "␣cat", "␣sat", "␣on", "␣the"]
    return NumericHeatmap(
      meta: FigureMeta(
        slug: "fig-2-attention", title: "Attention pattern, layer 3 head 1",
        description: "Query positions down, key positions across; the first token draws attention."),
      values: values, rowLabels: labels, columnLabels: labels, rowTitle: "query",
      columnTitle: "key", measure: "weight",
      mapping: ColourMapping(scale: .cividis, lower: 0, upper: 1.3), cellSize: 24)
  }

  /// Residual change in % (signed) for 30 layers x 64 positions: above the merge threshold.
  static var residualChange: NumericHeatmap {
    var values: [[Double?]] = []
    for layer in 0..<30 {
      var row: [Double?] = []
      for position in 0..<64 {
        let base = Double((layer * 13 + position * 7) % 41 - 20) / 2
        row.append(base + (position == 0 ? 10 : 0))
      }
      values.append(row)
    }
    return NumericHeatmap(
      meta: FigureMeta(
        slug: "fig-3-residual-change", title: "Residual change per layer and position",
        description: "Signed change of the residual norm in percent; 1,920 cells merged by colour."),
      values: values, rowLabels: (0..<30).map { "L\($0)" }, columnLabels: (0..<64).map(String.init),
      rowTitle: "layer", columnTitle: "position", measure: "change %",
      mapping: ColourMapping(scale: .diverging, fitting: values.flatMap { $0.compactMap { $0 } }),
      firstRowAtBottom: true, cellSize: 8, digits: 1)
  }

  /// Sink share of 4 layers x 9 heads over 8 x 8 attention patterns.
  static var heads: SmallMultiples {
    var panels: [SmallMultiples.Panel] = []
    for head in 0..<6 {
      var values: [[Double?]] = []
      for query in 0..<8 {
        var row: [Double?] = []
        for key in 0..<8 {
          let weight = Double((query * 5 + key * (head + 1)) % 9) / 9
          row.append(key > query ? nil : weight)
        }
        values.append(row)
      }
      panels.append(SmallMultiples.Panel(title: "L2 H\(head)", values: values))
    }
    return SmallMultiples(
      meta: FigureMeta(
        slug: "fig-4-heads", title: "Every head of layer 2",
        description: "Attention patterns of six heads on one shared scale."),
      panels: panels, columns: 3, cellSize: 6, measure: "weight",
      mapping: ColourMapping(scale: .viridis, lower: 0, upper: 1),
      axes: "each panel: query down, key across")
  }

  /// Rank of two tracked tokens per layer on a log axis, plus a median with its band.
  static var trajectory: LineChart {
    let rank = LineSeries(
      name: "rank of ␣Paris", values: [30000, 12000, 800, 120, 40, 6, 2, 1, 1], markers: true)
    let other = LineSeries(
      name: "rank of ␣London", values: [25000, 20000, 3000, 400, 90, 50, 30, .nan, 12])
    return LineChart(
      meta: FigureMeta(
        slug: "fig-5-trajectory", title: "Rank of tracked tokens per layer",
        description: "Ranks fall from tens of thousands to 1 for the answer.",
        caption: "Figure 5. Rank 1 is at the top."),
      series: [rank, other], xTitle: "layer", yTitle: "rank", yScale: .log10, yReversed: true,
      digits: 0)
  }

  /// Recall against k with a noise floor marker and a median change with its IQR band.
  static var recall: LineChart {
    let ks: [Double] = [1, 2, 4, 8, 16, 32, 64, 128, 256]
    let ys: [Double] = [1, 1, 1, 0.98, 0.95, 0.9, 0.7, 0.35, -0.05]
    var points: [LineSeries.Point] = []
    var band: [LineSeries.Band] = []
    for (k, y) in zip(ks, ys) {
      points.append(LineSeries.Point(x: k, y: y))
      band.append(LineSeries.Band(x: k, low: y - 0.05, high: min(y + 0.05, 1)))
    }
    let recall = LineSeries(name: "recall", points: points, band: band, markers: true)
    return LineChart(
      meta: FigureMeta(
        slug: "fig-6-capacity", title: "Capacity: recall against k",
        description: "Recall holds up to about 100 words, then noise wins."),
      series: [recall], xTitle: "k (words in one state)", yTitle: "recall",
      markers: [.init(x: 100, label: "noise floor")])
  }

  /// Every sample by file name.
  static var all: [(name: String, svg: String)] {
    [
      ("token-heatmap.svg", tokenHeatmap.svg()),
      ("numeric-heatmap.svg", attentionPattern.svg()),
      ("numeric-heatmap-merged.svg", residualChange.svg()),
      ("small-multiples.svg", heads.svg()),
      ("line-chart-log-rank.svg", trajectory.svg()),
      ("line-chart-band.svg", recall.svg()),
    ]
  }
}
