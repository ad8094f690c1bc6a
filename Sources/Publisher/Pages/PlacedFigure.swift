import Foundation

/// A lens block's figure at its place in a post: numbered, named, with its files.
struct PlacedFigure {
  /// The block it comes from.
  let block: LensBlock
  /// What its renderer made.
  let figure: LensFigure
  /// The request it answers (the model resolved).
  let request: LensRequest
  /// The model files it was computed from.
  let models: [ModelFile]
  /// 1-based number within the post.
  let number: Int

  /// The anchor of the figure: `fig-LABEL`, or `figure-N` without a label.
  var anchor: String { block.label.map { "fig-\($0)" } ?? "figure-\(number)" }
  /// The base name of its files (`fig-2-logit-lens`).
  var fileStem: String { "fig-\(number)-\(block.analysis.rawValue)" }
  /// The SVG file's name.
  var svgFile: String { fileStem + ".svg" }
  /// The data file's name.
  var dataFile: String { fileStem + ".json" }
  /// How the text refers to it.
  var name: String { "Figure \(number)" }

  /// The figure as a trusted HTML block. The SVG is in the page itself, not behind an `<img>`,
  /// so that its tooltips, keyboard focus, the page's script and colour scheme reach it; a
  /// `standalone` page links no files beside it (the data and SVG files stay for the others).
  func html(caption: String, standalone: Bool) -> String {
    var lines = ["<figure class=\"lens-figure\" id=\"\(anchor)\">"]
    lines.append("<div class=\"lens-graphic\">")
    lines.append(figure.svg.trimmingCharacters(in: .newlines))
    lines.append("</div>")
    lines.append("<figcaption>")
    lines.append(
      "<a class=\"lens-number\" href=\"#\(anchor)\">\(name).</a>"
        + (caption.isEmpty ? "" : " " + caption))
    lines.append("</figcaption>")
    lines.append("<p class=\"lens-finding\">\(Escaping.html(figure.finding))</p>")
    if let table = figure.table { lines += Self.html(table) }
    var source = "<p class=\"lens-source\">\(block.analysis.rawValue)"
    if let prompt = request.prompt {
      source += " · <q class=\"lens-prompt\">\(Escaping.html(prompt))</q>"
    }
    if !standalone {
      source += " · <a href=\"\(svgFile)\">SVG</a> · <a href=\"\(dataFile)\">data</a>"
    }
    lines.append(source + "</p>")
    lines.append("<details class=\"lens-reproduce\"><summary>Reproduce this figure</summary>")
    lines.append(
      "<pre><code>" + Escaping.html(SingleFigure.command(for: request, models: models))
        + "</code></pre>")
    lines.append("</details>")
    lines.append("</figure>")
    return lines.joined(separator: "\n") + "\n"
  }

  /// The figure as GitHub Markdown: the image, caption, finding, table and data link.
  func markdown(caption: String) -> String {
    var parts = ["![\(Escaping.markdown(figure.alt))](\(svgFile))"]
    parts.append("**\(name).**" + (caption.isEmpty ? "" : " " + caption))
    parts.append(Escaping.markdown(figure.finding))
    if let table = figure.table { parts.append(Self.markdown(table)) }
    var source = "*\(block.analysis.rawValue)"
    if let prompt = request.prompt { source += " · “\(Escaping.markdown(prompt))”" }
    parts.append(source + " · [data](\(dataFile))*")
    // A fence longer than any run of backticks in the command, so a prompt cannot close it.
    let command = SingleFigure.command(for: request, models: models)
    var fence = "```"
    while command.contains(fence) { fence += "`" }
    parts.append("<details><summary>Reproduce this figure</summary>")
    parts.append(fence + "sh\n" + command + "\n" + fence)
    parts.append("</details>")
    return parts.joined(separator: "\n\n") + "\n"
  }

  private static func html(_ table: LensTable) -> [String] {
    var lines = ["<table class=\"lens-table\">", "<thead>"]
    lines.append("<tr>" + table.header.map { "<th>\(Escaping.html($0))</th>" }.joined() + "</tr>")
    lines += ["</thead>", "<tbody>"]
    for row in table.rows {
      lines.append("<tr>" + row.map { "<td>\(Escaping.html($0))</td>" }.joined() + "</tr>")
    }
    lines += ["</tbody>", "</table>"]
    return lines
  }

  private static func markdown(_ table: LensTable) -> String {
    func row(_ cells: [String]) -> String {
      "| " + cells.map { Escaping.markdown($0) }.joined(separator: " | ") + " |"
    }
    var lines = [row(table.header), "|" + String(repeating: " --- |", count: table.header.count)]
    lines += table.rows.map(row)
    return lines.joined(separator: "\n")
  }
}
