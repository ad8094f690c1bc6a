import Formatting

/// What a heatmap says about itself when its size changed how it is drawn: the sentences it
/// adds to its description, so that a reader (and a screen reader) knows why words or
/// tooltips are missing and where the numbers are.
///
/// The rules: a heatmap whose columns do not fit the page at their preferred width narrows
/// them (down to 2 units) and labels every n-th column; a labelled heatmap whose words no
/// longer fit its cells writes one letter instead; past `mergeThreshold` cells (1500 by
/// default) cells merge into one path per colour bin, without words or tooltips, and the data
/// file keeps every value.
enum HeatmapSizeRule {
  static func merged(cells: Int, threshold: Int) -> String {
    "With \(cells) cells (over \(threshold)) the cells are drawn as colour only, without words "
      + "or tooltips; the data file has every value."
  }

  static func narrowed(columns: Int, width: Int, preferred: Int, labelEvery: Int) -> String? {
    guard width < preferred else { return nil }
    return "To fit the page its \(columns) columns are \(width) units wide instead of "
      + "\(preferred)" + (labelEvery > 1 ? ", and every \(NumberText.ordinal(Int64(labelEvery))) one is labelled." : ".")
  }

  static let letters = "Its cells are too narrow for words and show one letter each (see the key)."
}

extension FigureMeta {
  /// The same meta with `notes` (those that apply) after its description.
  func noting(_ notes: [String?]) -> FigureMeta {
    var meta = self
    let applying = notes.compactMap { $0 }
    if !applying.isEmpty { meta.description += " " + applying.joined(separator: " ") }
    return meta
  }
}
