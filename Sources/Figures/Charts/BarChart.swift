import Formatting

/// Horizontal bars of labelled values in the order given (the strongest entries of a dictionary
/// reading), from a zero line, with a value axis and each bar's number at its end.
public struct BarChart: Figure {
  /// One bar: its label (token text is escaped and shortened) and value.
  public struct Bar: Sendable, Equatable {
    public var label: String
    public var value: Double
    public init(label: String, value: Double) {
      self.label = label
      self.value = value
    }
  }

  public var meta: FigureMeta
  /// The bars, top to bottom; non-finite values leave their row empty.
  public var bars: [Bar]
  /// Title of the value axis.
  public var valueTitle: String
  /// Fixed value range; fitted to the values and zero when `nil`.
  public var valueRange: ClosedRange<Double>?
  /// Values a fitted axis must reach besides the bars' (another chart's, to share its axis).
  public var spanning: ClosedRange<Double>?
  /// Decimals of the numbers at the bars' ends and in their tooltips.
  public var digits: Int
  public var width: Int

  /// A chart of `bars`; see the properties for the rest.
  public init(
    meta: FigureMeta, bars: [Bar], valueTitle: String, valueRange: ClosedRange<Double>? = nil,
    spanning: ClosedRange<Double>? = nil, digits: Int = 3, width: Int = 480
  ) {
    self.meta = meta
    self.bars = bars
    self.valueTitle = valueTitle
    self.valueRange = valueRange
    self.spanning = spanning
    self.digits = digits
    self.width = width
  }

  public func write(into svg: inout SVGWriter) {
    let (left, right, top, rowHeight) = (112, 56, 12, 20)
    let plotBottom = top + bars.count * rowHeight
    let height = plotBottom + 44
    let values =
      bars.map(\.value).filter(\.isFinite) + [0]
      + (spanning.map { [$0.lowerBound, $0.upperBound] } ?? [])
    let axis = ChartAxis(
      kind: .linear, values: values, start: Double(left), end: Double(width - right),
      fixed: valueRange)
    let canvas = FigureCanvas(meta: meta, width: width, height: height)
    canvas.begin(&svg)
    let ticks = axis.ticks(count: max(2, (width - left - right) / 70))
    for tick in ticks {
      let px = num(axis.position(tick))
      svg.element("path", [("class", "grid"), ("d", "M\(px) \(top)V\(plotBottom)")])
      svg.element(
        "text",
        [("class", "fg"), ("x", px), ("y", num(plotBottom + 16)), ("text-anchor", "middle")],
        text: NumberText.trimmed(tick, digits: 2))
    }
    let zero = axis.position(min(max(0, axis.lower), axis.upper))
    svg.open("g", [("shape-rendering", "crispEdges")])
    for (index, bar) in bars.enumerated() where bar.value.isFinite {
      let end = axis.position(min(max(bar.value, axis.lower), axis.upper))
      svg.open(
        "rect",
        [
          ("class", "f0"), ("x", num(min(zero, end))), ("y", num(top + index * rowHeight + 3)),
          ("width", num(abs(end - zero))), ("height", num(rowHeight - 6)),
        ])
      svg.element(
        "title", text: bar.label + ": " + NumberText.trimmed(bar.value, digits: digits))
      svg.close()
    }
    svg.close()
    for (index, bar) in bars.enumerated() {
      let y = num(top + index * rowHeight + 14)
      svg.element(
        "text", [("class", "fg"), ("x", num(left - 6)), ("y", y), ("text-anchor", "end")],
        text: XMLText.truncate(XMLText.visible(bar.label), to: 16))
      guard bar.value.isFinite else { continue }
      let end = axis.position(min(max(bar.value, axis.lower), axis.upper))
      let leftward = bar.value < 0
      svg.element(
        "text",
        [
          ("class", "muted"), ("x", num(leftward ? end - 4 : end + 4)), ("y", y),
          ("text-anchor", leftward ? "end" : "start"),
        ],
        text: NumberText.trimmed(bar.value, digits: digits))
    }
    svg.element(
      "path",
      [
        ("class", "axis"),
        ("d", "M\(left) \(plotBottom)H\(num(axis.end))M\(num(zero)) \(top)V\(plotBottom)"),
      ])
    svg.element(
      "text",
      [
        ("class", "muted"), ("x", num((Double(left) + axis.end) / 2)),
        ("y", num(plotBottom + 34)), ("text-anchor", "middle"),
      ],
      text: valueTitle)
    canvas.finish(&svg)
  }
}
