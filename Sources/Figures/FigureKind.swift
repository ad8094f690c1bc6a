/// The kinds of figure the `Figures` target draws, one per chart family.
public enum FigureKind: String, CaseIterable, Sendable {
  case tokenHeatmap = "token-heatmap"
  case numericHeatmap = "numeric-heatmap"
  case smallMultiples = "small-multiples"
  case lineChart = "line-chart"
}
