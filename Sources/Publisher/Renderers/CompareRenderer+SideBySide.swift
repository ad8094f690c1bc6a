import Analysis
import Engine
import Figures
import Formatting
import Foundation

/// `compare` with `of: ANALYSIS`: the analysis runs on each side as its own lens block would
/// (the same renderer, the same checks, the same result), and the page shows the two figures
/// next to each other under the runs' names, with both findings and one table.
///
/// ```lens
/// analysis: compare
/// of: attention-sinks
/// models: [smollm2-135m, gemma3-270m]
/// prompt: The capital of France is
/// options: {candidates: 2}
/// ```
extension CompareRenderer {
  /// The analyses `of:` can name: every one but `compare` itself.
  static var comparable: [AnalysisKind] {
    LensRenderers.standard.available.filter { $0 != .compare }
  }

  /// One side's block: the analysis' renderer and the request it runs.
  struct SideRequest {
    let renderer: any LensRenderer
    let request: LensRequest
    let name: String
  }

  /// The request of each side, checked by the analysis' own renderer.
  func sideRequests(_ block: LensInput<Options>) throws(LensOptionError) -> [SideRequest] {
    guard let name = block.options.of else { return [] }
    let kind = AnalysisKind(name)
    guard kind != .compare, let renderer = LensRenderers.standard.renderer(for: kind) else {
      throw LensOptionError(
        key: "of",
        "of: '\(name)' is not an analysis compare can run; use one of "
          + Self.comparable.map(\.rawValue).joined(separator: ", "))
    }
    if block.options.lens != nil {
      throw LensOptionError(
        key: "lens", "with `of:`, the analysis' own options go under `options:` (`options: {lens: tuned}`)")
    }
    var options: [String: LensValue] = [:]
    switch block.request.options["options"] {
    case nil, .null?: break
    case .map(let values)?: options = values
    case let other?:
      throw LensOptionError(
        key: "options",
        "options must be a map of \(name)'s options, like {top: 5}; found \(other.shown)")
    }
    if let bos = block.request.options["bos"] { options["bos"] = bos }
    let byModels = block.options.models != nil
    var sides: [SideRequest] = []
    for run in try runs(block, promptOptional: !renderer.needsPrompt) {
      let prompt = run.prompt.isEmpty ? nil : run.prompt
      if renderer.needsPrompt, prompt == nil {
        throw LensOptionError(key: "prompt", "\(name) needs a prompt: add `prompt:` to the block")
      }
      let request = LensRequest(
        analysis: kind, model: run.model, prompt: prompt, options: options)
      do {
        try renderer.validate(request)
      } catch {
        throw LensOptionError(
          key: error.key.map { _ in "options" } ?? "of", "\(name): \(error.message)")
      }
      sides.append(
        SideRequest(
          renderer: renderer, request: request,
          name: byModels ? run.model : Self.quoted(run.prompt)))
    }
    return sides
  }

  func runSideBySide(_ block: LensInput<Options>, in environment: LensEnvironment) throws
    -> Numbers
  {
    let sides = try sideRequests(block)
    var runs: [RunResult] = []
    for side in sides {
      let json = try side.renderer.resultJSON(for: side.request, in: environment)
      guard let result = JSONValue.parse(json) else {
        throw LensOptionError("\(side.request.analysis) gave a result that is not JSON")
      }
      runs.append(RunResult(name: side.name, result: result))
    }
    return Numbers(of: AnalysisKind(block.options.of ?? ""), runs: runs)
  }

  func drawSideBySide(
    _ runs: [RunResult], for block: LensInput<Options>, in context: FigureContext
  ) throws -> LensFigure {
    let sides = try sideRequests(block)
    guard sides.count == runs.count, let first = sides.first else {
      throw LensOptionError("this comparison's stored result does not match its block")
    }
    var panels: [SideBySide.Panel] = []
    var figures: [LensFigure] = []
    let results = try runs.map { try CanonicalJSON.string($0.result) }
    // Figures that fit their scale to the data are drawn on the union of both sides' ranges.
    let ranges = try zip(sides, results).map { side, json in
      try side.renderer.valueRange(fromJSON: json, for: side.request)
    }
    let shared = ranges.reduce(ranges.first ?? nil) { union, range in
      guard let union, let range else { return nil }
      return min(union.lowerBound, range.lowerBound)...max(union.upperBound, range.upperBound)
    }
    // Grids of layers from models of different depth span the same height, so that rows at
    // one relative depth sit level with each other.
    let grids = try zip(sides, results).map { side, json in
      try side.renderer.grid(fromJSON: json, for: side.request)
    }
    let layerRows = try zip(sides, results).map { side, json in
      try side.renderer.layerRows(fromJSON: json, for: side.request)
    }
    var alignedRows: Int?
    if let a = layerRows[0], let b = layerRows[1], a != b { alignedRows = max(a, b) }
    for (index, (side, run)) in zip(sides, runs).enumerated() {
      let name = side.renderer.analysis.rawValue
      var inner = FigureContext(
        idPrefix: context.idPrefix + "-\(index + 1)", models: context.models, sharedRange: shared)
      inner.alignedRows = alignedRows
      let figure = try side.renderer.figure(
        fromJSON: results[index], for: side.request, in: inner)
      let label = "\(index == 0 ? "A" : "B"): \(Self.sideName(side, context: context))"
      guard let panel = SideBySide.Panel(label: label, svg: figure.svg) else {
        throw LensOptionError("the \(name) figure of \(run.name) has no size")
      }
      panels.append(panel)
      figures.append(figure)
    }
    // Where both results are grids of one shape (one model, prompts of one length), a third
    // panel shows B - A cell by cell.
    var difference: [[Double]]?
    if let a = grids[0], let b = grids[1], a.matches(b) {
      let values = zip(b.values, a.values).map { zip($0, $1).map { $0 - $1 } }
      difference = values
      let reach = max(values.joined().map(abs).filter(\.isFinite).max() ?? 0, 1e-9)
      let heatmap = NumericHeatmap(
        meta: FigureMeta(
          slug: context.idPrefix + "-difference", title: "B - A",
          description: "B minus A, cell by cell, in \(a.measure)."),
        values: values.map { $0.map { Optional($0) } }, rowLabels: a.rowLabels,
        columnLabels: a.columnLabels == b.columnLabels
          ? a.columnLabels : a.columnLabels.indices.map(String.init),
        rowTitle: a.rowTitle, columnTitle: a.columnTitle, measure: "B - A " + a.measure,
        mapping: ColourMapping(scale: .diverging, lower: -reach, upper: reach),
        firstRowAtBottom: true, digits: 3)
      if let panel = SideBySide.Panel(label: "B - A", svg: heatmap.svg()) { panels.append(panel) }
    }
    let names = sides.map { Self.sideName($0, context: context) }
    let analysis = first.request.analysis.rawValue
    let scale =
      shared.map {
        "both drawn on one value range, \(NumberText.significant($0.lowerBound)) to "
          + "\(NumberText.significant($0.upperBound))"
      } ?? "each drawn as its own block draws it"
    let description =
      "\(analysis) of A (\(names[0])) and B (\(names[1])) side by side, \(scale)"
      + (difference == nil ? "" : ", and their difference B - A cell by cell")
      + (alignedRows == nil ? "" : ", their layers aligned by relative depth") + ". "
      + "A: \(figures[0].alt) B: \(figures[1].alt)"
    let figure = SideBySide(
      meta: FigureMeta(
        slug: context.idPrefix, title: "\(analysis): \(names[0]) and \(names[1])",
        description: description),
      panels: panels)
    var table: LensTable?
    if let a = figures[0].table, let b = figures[1].table, a.header == b.header {
      table = LensTable(
        header: ["run"] + a.header, rows: a.rows.map { ["A"] + $0 } + b.rows.map { ["B"] + $0 })
    }
    // The data file holds what each side's own data file would: the figure's data, which for
    // some analyses is a reader's view of the result rather than all of it.
    let shown = zip(runs, figures).map { run, figure in
      RunResult(name: run.name, result: JSONValue.parse(figure.data) ?? .null)
    }
    return LensFigure(
      svg: figure.svg(),
      data: try CanonicalJSON.string(
        Numbers(of: first.request.analysis, runs: shown, difference: difference)),
      alt: description, finding: "A: \(figures[0].finding) B: \(figures[1].finding)", table: table)
  }

  /// How the page names a side: its model's file name, or its prompt in quotes.
  static func sideName(_ side: SideRequest, context: FigureContext) -> String {
    side.name.hasPrefix("\"") ? side.name : context.fileName(side.request.model)
  }
}
