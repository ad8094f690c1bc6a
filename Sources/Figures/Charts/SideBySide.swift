import Formatting

/// Finished figures placed next to each other under a label each (two runs of one analysis and
/// their difference): left to right, wrapping to a new row at the page's width. Each keeps its
/// own drawing, ids and style; only their places are new.
public struct SideBySide: Figure {
  /// One placed figure: its label and its finished SVG document, with its size.
  public struct Panel: Sendable, Equatable {
    public var label: String
    public var svg: String
    public var width: Int
    public var height: Int

    /// A panel; `nil` when `svg` does not open with an `<svg>` tag that gives its size.
    public init?(label: String, svg: String) {
      guard let open = svg.split(separator: "\n").first, open.hasPrefix("<svg"),
        let width = Self.attribute("width", in: open), let height = Self.attribute("height", in: open)
      else { return nil }
      self.label = label
      self.svg = svg
      self.width = width
      self.height = height
    }

    private static func attribute(_ name: String, in tag: Substring) -> Int? {
      guard let start = tag.range(of: " \(name)=\"") else { return nil }
      let rest = tag[start.upperBound...]
      guard let end = rest.firstIndex(of: "\"") else { return nil }
      return Double(rest[..<end]).map { Int($0.rounded(.up)) }
    }
  }

  public var meta: FigureMeta
  public var panels: [Panel]

  /// Panels in reading order.
  public init(meta: FigureMeta, panels: [Panel]) {
    self.meta = meta
    self.panels = panels
  }

  static let gap = 16
  static let labelHeight = 22

  /// Where each panel's label starts: left to right, a new row when the next panel would
  /// pass the page's width.
  private var origins: [(x: Int, y: Int)] {
    var result: [(x: Int, y: Int)] = []
    var (x, y, rowHeight) = (0, 0, 0)
    for panel in panels {
      if x > 0, x + panel.width > FigureCanvas.pageWidth {
        (x, y) = (0, y + Self.labelHeight + rowHeight + Self.gap)
        rowHeight = 0
      }
      result.append((x, y))
      x += panel.width + Self.gap
      rowHeight = max(rowHeight, panel.height)
    }
    return result
  }

  /// Whether all panels sit in one row.
  public var inRow: Bool { origins.allSatisfy { $0.y == 0 } }

  public func write(into svg: inout SVGWriter) {
    let placed = origins
    let width = zip(panels, placed).map { $1.x + $0.width }.max() ?? 0
    let height = zip(panels, placed).map { $1.y + Self.labelHeight + $0.height }.max() ?? 0
    let canvas = FigureCanvas(meta: meta, width: max(width, 320), height: max(height, 40))
    canvas.begin(&svg)
    for (panel, origin) in zip(panels, placed) {
      svg.element(
        "text", [("class", "fg"), ("x", num(origin.x + 4)), ("y", num(origin.y + 15))],
        text: XMLText.visible(panel.label))
      svg.open("g", [("transform", "translate(\(origin.x) \(origin.y + Self.labelHeight))")])
      svg.embed(panel.svg)
      svg.close()
    }
    canvas.finish(&svg)
  }
}
