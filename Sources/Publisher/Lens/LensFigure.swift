/// What a renderer makes of one lens block: a figure, its data, and text that says what it shows.
///
/// The publisher turns this into the page's `<figure>`, the GitHub Markdown under the figure,
/// and the `fig-N-ANALYSIS.svg` / `.json` files; renderers never write HTML or Markdown.
public struct LensFigure: Equatable, Sendable, Codable {
  /// The figure, a complete `<svg>` element with its ids derived from `LensEnvironment.idPrefix`.
  public var svg: String
  /// The numbers behind the figure, as JSON text (canonical: sorted keys, LF, final newline).
  public var data: String
  /// A description of the figure for readers who cannot see it (the image's alt text).
  public var alt: String
  /// One or two plain sentences that say what the figure shows, with its key numbers.
  public var finding: String
  /// A small table of the key numbers, shown under the figure; optional.
  public var table: LensTable?

  /// A figure.
  public init(svg: String, data: String, alt: String, finding: String, table: LensTable? = nil) {
    self.svg = svg
    self.data = data
    self.alt = alt
    self.finding = finding
    self.table = table
  }
}

/// A small table of plain-text cells (numbers already formatted).
public struct LensTable: Equatable, Sendable, Codable {
  /// The column headings.
  public var header: [String]
  /// The rows; each has as many cells as `header`.
  public var rows: [[String]]

  /// A table.
  public init(header: [String], rows: [[String]]) {
    self.header = header
    self.rows = rows
  }
}
