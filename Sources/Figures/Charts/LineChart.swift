import Formatting

/// Curves over layers (probability and rank of tracked tokens, median change with its
/// interquartile band, adjacent-layer cosine, recall against k) with axes, legend and
/// vertical reference markers (a noise floor).
public struct LineChart: StackableFigure {
  /// How the y axis maps values.
  public enum Scale: String, Sendable { case linear, log10 }

  /// A vertical reference line at `x` with a label.
  public struct Marker: Sendable, Equatable {
    public var x: Double
    public var label: String
    public init(x: Double, label: String) {
      self.x = x
      self.label = label
    }
  }

  public var meta: FigureMeta
  public var series: [LineSeries]
  public var xTitle: String
  public var yTitle: String
  public var yScale: Scale
  /// Whether small values are drawn at the top (ranks: 1 is best).
  public var yReversed: Bool
  /// Fixed y range; fitted to the data when `nil`.
  public var yRange: ClosedRange<Double>?
  /// Values a fitted y axis must reach besides the series' (another chart's, to share its axis).
  public var spanning: ClosedRange<Double>?
  public var markers: [Marker]
  /// Decimals of the y tick numbers.
  public var digits: Int
  public var width: Int
  public var height: Int

  /// A chart of `series`; see the properties for the rest.
  public init(
    meta: FigureMeta, series: [LineSeries], xTitle: String, yTitle: String,
    yScale: Scale = .linear, yReversed: Bool = false, yRange: ClosedRange<Double>? = nil,
    markers: [Marker] = [], digits: Int = 2, width: Int = 640, height: Int = 320
  ) {
    self.meta = meta
    self.series = series
    self.xTitle = xTitle
    self.yTitle = yTitle
    self.yScale = yScale
    self.yReversed = yReversed
    self.yRange = yRange
    self.markers = markers
    self.digits = digits
    self.width = width
    self.height = height
  }

  public func write(into svg: inout SVGWriter) {
    let legendRows = (series.count + 3) / 4
    let (left, right, top, bottom) = (64, 16, 16 + legendRows * 16, 44)
    let xs = series.flatMap { $0.points.map(\.x) + $0.band.map(\.x) } + markers.map(\.x)
    let ys =
      series.flatMap { $0.points.map(\.y) + $0.band.flatMap { [$0.low, $0.high] } }
      + (spanning.map { [$0.lowerBound, $0.upperBound] } ?? [])
    let plotBottom = Double(height - bottom)
    let x = ChartAxis(
      kind: .linear, values: xs, start: Double(left), end: Double(width - right), fixed: nil)
    let y = ChartAxis(
      kind: yScale == .log10 ? .log10 : .linear, values: ys,
      start: yReversed ? Double(top) : plotBottom, end: yReversed ? plotBottom : Double(top),
      fixed: yRange)
    let canvas = FigureCanvas(meta: meta, width: width, height: height)
    canvas.begin(&svg)
    drawAxes(&svg, x: x, y: y, top: top, left: left, plotBottom: plotBottom)
    // Each series and its legend entry are a group named by its `<title>`: the tooltip of the
    // line, and what the page script pins when a reader selects either.
    for (index, line) in series.enumerated() {
      let colour = index % FigureStyle.seriesCount
      svg.open("g", [("data-series", num(index))])
      svg.element("title", text: line.name)
      drawBand(&svg, line.band, colour: colour, x: x, y: y)
      let path = Self.path(line.points.map { ($0.x, $0.y) }, x: x, y: y)
      if !path.isEmpty {
        svg.element("path", [("class", "s\(colour)"), ("stroke-width", "2"), ("d", path)])
      }
      let drawable = line.points.map { $0.x.isFinite && y.accepts($0.y) }
      for (index, point) in line.points.enumerated() where drawable[index] {
        let alone =
          (index == 0 || !drawable[index - 1])
          && (index == line.points.count - 1 || !drawable[index + 1])
        guard line.markers || alone else { continue }
        svg.element(
          "circle",
          [
            ("class", "f\(colour)"), ("cx", num(x.position(point.x))),
            ("cy", num(y.position(point.y))), ("r", "2.5"),
          ])
      }
      svg.close()
    }
    for (index, line) in series.enumerated() {
      let lx = left + (index % 4) * ((width - left - right) / 4)
      let ly = 12 + (index / 4) * 16
      svg.open("g", [("data-series", num(index))])
      svg.element("title", text: line.name)
      svg.element(
        "path",
        [
          ("class", "s\(index % FigureStyle.seriesCount)"), ("stroke-width", "3"),
          ("d", "M\(lx) \(ly - 4)h16"),
        ])
      svg.element(
        "text", [("class", "fg"), ("x", num(lx + 20)), ("y", num(ly))],
        text: XMLText.truncate(line.name, to: 22))
      svg.close()
    }
    canvas.finish(&svg)
  }

  private func drawAxes(
    _ svg: inout SVGWriter, x: ChartAxis, y: ChartAxis, top: Int, left: Int, plotBottom: Double
  ) {
    let plotRight = x.end
    for tick in y.ticks(count: 5) {
      let py = num(y.position(tick))
      svg.element("path", [("class", "grid"), ("d", "M\(left) \(py)H\(num(plotRight))")])
      svg.element(
        "text",
        [
          ("class", "fg"), ("x", num(left - 6)), ("y", num(y.position(tick) + 4)),
          ("text-anchor", "end"),
        ],
        text: NumberText.trimmed(tick, digits: digits))
    }
    let xTicks = x.ticks(count: max(2, Int(plotRight - Double(left)) / 60))
    for tick in xTicks {
      let px = num(x.position(tick))
      svg.element("path", [("class", "axis"), ("d", "M\(px) \(num(plotBottom))v4")])
      svg.element(
        "text",
        [("class", "fg"), ("x", px), ("y", num(plotBottom + 16)), ("text-anchor", "middle")],
        text: NumberText.trimmed(tick, digits: 2))
    }
    svg.element(
      "path",
      [("class", "axis"), ("d", "M\(left) \(top)V\(num(plotBottom))H\(num(plotRight))")])
    for marker in markers {
      let px = num(x.position(marker.x))
      svg.element("path", [("class", "mark-line"), ("d", "M\(px) \(top)V\(num(plotBottom))")])
      // A label that would run past the plot's right edge is written to the left of its line.
      let position = x.position(marker.x)
      let room = plotRight - position - 4
      let fits = Double(marker.label.count) * 6.5 <= room
      svg.element(
        "text",
        [
          ("class", "mark"), ("x", num(fits ? position + 4 : position - 4)), ("y", num(top + 12)),
          ("text-anchor", fits ? "start" : "end"),
        ], text: marker.label)
    }
    svg.element(
      "text",
      [
        ("class", "muted"), ("x", num((Double(left) + plotRight) / 2)),
        ("y", num(plotBottom + 34)), ("text-anchor", "middle"),
      ],
      text: xTitle)
    let middle = num((Double(top) + plotBottom) / 2)
    svg.element(
      "text",
      [
        ("class", "muted"), ("x", "14"), ("y", middle), ("text-anchor", "middle"),
        ("transform", "rotate(-90 14 \(middle))"),
      ],
      text: yTitle + (yScale == .log10 ? " (log)" : ""))
  }

  private func drawBand(
    _ svg: inout SVGWriter, _ band: [LineSeries.Band], colour: Int, x: ChartAxis, y: ChartAxis
  ) {
    let usable = band.filter { y.accepts($0.low) && y.accepts($0.high) }
    guard usable.count > 1 else { return }
    let outline = usable.map { ($0.x, $0.high) } + usable.reversed().map { ($0.x, $0.low) }
    svg.element(
      "path",
      [
        ("class", "f\(colour)"), ("fill-opacity", "0.2"),
        ("d", Self.path(outline, x: x, y: y) + "Z"),
      ])
  }

  /// `M x y L x y ...`; points the axis cannot show break the line.
  static func path(_ points: [(Double, Double)], x: ChartAxis, y: ChartAxis) -> String {
    var d = ""
    var drawing = false
    for (px, py) in points {
      guard px.isFinite, y.accepts(py) else {
        drawing = false
        continue
      }
      d += (drawing ? "L" : "M") + num(x.position(px)) + " " + num(y.position(py))
      drawing = true
    }
    return d
  }
}
