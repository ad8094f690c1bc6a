/// The CSS inside every figure: colours of text, axes and background as custom properties,
/// with a dark set under `prefers-color-scheme: dark`. Data colours (cells, bars) stay fixed.
public enum FigureStyle {
  /// Qualitative series colours (Okabe-Ito, safe for colour blindness), light then dark mode.
  static let seriesLight = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9"]
  static let seriesDark = ["#56b4e9", "#e69f00", "#2fc49a", "#e59cc8", "#f0e442", "#ff8a4c"]

  /// Number of distinct series colours before they repeat.
  public static var seriesCount: Int { seriesLight.count }

  /// The style sheet for the figure whose root has id `root`.
  public static func css(root: String) -> String {
    func variables(_ pairs: [(String, String)], _ series: [String]) -> String {
      var text = ""
      for (name, value) in pairs { text += "--lens-\(name):\(value);" }
      for (index, value) in series.enumerated() { text += "--lens-s\(index):\(value);" }
      return text
    }
    let light = variables(
      [
        ("bg", "#ffffff"), ("fg", "#1b1b1f"), ("muted", "#5a5a63"), ("axis", "#6e6e78"),
        ("grid", "#e4e4ea"), ("mark", "#b2182b"),
      ], seriesLight)
    let dark = variables(
      [
        ("bg", "#16161a"), ("fg", "#ececf1"), ("muted", "#a8a8b3"), ("axis", "#8e8e99"),
        ("grid", "#34343c"), ("mark", "#f4a582"),
      ], seriesDark)
    let r = "#" + root
    var rules = [
      "\(r){\(light)font-family:system-ui,-apple-system,Segoe UI,sans-serif;font-size:11px}",
      "@media (prefers-color-scheme:dark){\(r){\(dark)}}",
      "\(r) .bg{fill:var(--lens-bg)}",
      "\(r) .fg{fill:var(--lens-fg)}",
      "\(r) .muted{fill:var(--lens-muted)}",
      "\(r) .axis{stroke:var(--lens-axis);fill:none}",
      "\(r) .grid{stroke:var(--lens-grid);fill:none}",
      "\(r) .mark{fill:var(--lens-mark)}",
      "\(r) .mark-line{stroke:var(--lens-mark);fill:none;stroke-dasharray:4 3}",
      "\(r) .cell{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:10px}",
      "\(r) text{unicode-bidi:isolate;white-space:pre}",
      "\(r) .title{font-weight:600}",
      "\(r) a{text-decoration:underline}",
    ]
    for index in seriesLight.indices {
      rules.append("\(r) .s\(index){stroke:var(--lens-s\(index));fill:none}")
      rules.append("\(r) .f\(index){fill:var(--lens-s\(index))}")
    }
    return rules.joined(separator: "\n")
  }
}
