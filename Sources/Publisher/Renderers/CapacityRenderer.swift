import Analysis
import Engine
import Figures
import Formatting
import Foundation

/// `capacity`: how many ordinary words a sum of unit word vectors holds and still reads back,
/// as recall against k with markers at the noise-floor estimate 1/F² and the 90% / 50%
/// crossings. A property of the model: the block needs no prompt.
public struct CapacityRenderer: LensRenderer {
  public let analysis = AnalysisKind.capacity
  public let needsPrompt = false
  public let reportSection: ReportSection? = ReportSection(
    heading: "How many words fit in one vector",
    intro: "A property of the model rather than of the prompt: how many words can be "
      + "added into one vector of this model's width and still be read back, against the "
      + "noise floor expected from the dimension alone.",
    caption: "Words read back from a sum of k words, against k.",
    summary: "How many words one state vector can hold", readsPrompt: false)

  /// A renderer.
  public init() {}

  public struct Options: LensOptions {
    var dictionary: Dictionaries.Book?
    var maxK: Int?
    var mode: Capacity.Mode?
    var seed: Int?
    var trials: Int?

    enum CodingKeys: String, CodingKey {
      case dictionary, mode, seed, trials
      case maxK = "max-k"
    }

    public func check() throws(LensOptionError) {
      try require(maxK, in: 1...4096, "max-k")
      try require(trials, in: 1...10_000, "trials")
      try require(seed, in: 0...Int.max, "seed")
      if mode == .both && dictionary != nil {
        throw LensOptionError(
          key: "dictionary",
          "mode both reads E words with E and U words with U; `dictionary:` is for mode single")
      }
    }

    /// The analysis' options: the block's, defaults for the rest; without `max-k`, the k range
    /// reaches past the noise-floor estimate of a model `width` wide, as far as `words` allow.
    func analysis(width: Int, words: Int) -> Capacity.Options {
      var options = Capacity.Options()
      options.maxK = maxK ?? min(Capacity.defaultMaxK(width: width), words)
      options.trials = trials ?? options.trials
      options.seed = seed.map { UInt64($0) } ?? options.seed
      options.dictionary = dictionary ?? options.dictionary
      options.mode = mode ?? options.mode
      return options
    }
  }

  public func check(_ block: LensInput<Options>) throws(LensOptionError) {
    if !block.prompt.isEmpty {
      throw LensOptionError(
        key: "prompt",
        "capacity is a property of the model and reads no prompt; remove `prompt:` from the block")
    }
    if block.bos != nil {
      throw LensOptionError(key: "bos", "capacity reads no prompt, so `bos:` has no meaning here")
    }
  }

  public func run(_ block: LensInput<Options>, in environment: LensEnvironment) throws -> Capacity
  {
    let model = try LoadedModel.named(block.request.model, in: environment)
    let candidates = environment.memo.value("ordinary-words:" + model.file.path) {
      Capacity.ordinaryWords(tokenizer: model.tokenizer)
    }
    let options = block.options.analysis(
      width: model.transformer.config.embeddingLength, words: candidates.count)
    guard options.maxK <= candidates.count else {
      throw LensOptionError(
        key: "max-k",
        "max-k \(options.maxK) is more than the \(candidates.count) ordinary words of "
          + "\(model.file.fileName) to draw from")
    }
    var progress = WorkProgress("capacity: values of k", log: environment.log)
    return try Capacity(
      dictionaries: try model.dictionaries(in: environment), candidates: candidates,
      options: options, progress: { progress.tell(done: $0, of: $1) })
  }

  public func draw(_ result: Capacity, for block: LensInput<Options>, in context: FigureContext)
    throws -> LensFigure
  {
    let options = result.options
    let both = options.mode == .both
    let readName = both ? "E words read with E" : "recall"
    var series = [
      LineSeries(
        name: readName,
        points: result.points.map { LineSeries.Point(x: Double($0.k), y: $0.recall) },
        markers: true)
    ]
    if both {
      series.append(
        LineSeries(
          name: "U words read with U",
          points: result.points.compactMap { point in
            point.outputRecall.map { LineSeries.Point(x: Double(point.k), y: $0) }
          }, markers: true))
    }
    let estimate = NumberText.fixed(result.wordEstimate, 0)
    let description =
      "Recall of k ordinary words summed into one \(result.width)-dimensional vector of "
      + "\(context.fileName(block.request.model)) and read back as the top k of the "
      + (both
        ? "two dictionaries"
        : options.dictionary == .input
          ? "input dictionary E"
          : "output dictionary U")
      + ", for k from 1 to \(options.maxK) (\(options.trials) trials each); dashed lines mark "
      + "the noise-floor estimate 1/F² = \(estimate) words and, where their labels fit, the "
      + "first k with recall below 50% and 90%."
    let chart = LineChart(
      meta: FigureMeta(
        slug: context.idPrefix, title: "Words read back from one vector",
        description: description),
      series: series, xTitle: "words summed (k)", yTitle: "recall", yRange: 0...1,
      markers: Self.markers(result), digits: 1)
    return LensFigure(
      svg: chart.svg(), data: try CanonicalJSON.string(result), alt: description,
      finding: result.findings.joined(separator: " "),
      table: LensTable(
        header: both ? ["k", "E recall", "U recall"] : ["k", "recall"],
        rows: Self.tableRows(result)))
  }

  /// The 1/F² marker, then the 50% and 90% crossings where their labels do not run into one
  /// already placed (the table and the finding keep every number).
  static func markers(_ result: Capacity) -> [LineChart.Marker] {
    var candidates = [
      LineChart.Marker(
        x: result.wordEstimate, label: "1/F² ≈ " + NumberText.fixed(result.wordEstimate, 0))
    ]
    if let k = result.kBelow50 { candidates.append(.init(x: Double(k), label: "< 50%")) }
    if let k = result.kBelow90 { candidates.append(.init(x: Double(k), label: "< 90%")) }
    // The chart spans about 560 units over the data's range (rounded up to nice ticks, by at
    // most about a third); a label takes about 6.5 units a character.
    let span = max(Double(result.options.maxK), result.wordEstimate) * 1.35
    let unitsPerK = 560 / span
    var placed: [LineChart.Marker] = []
    for marker in candidates {
      let start = marker.x * unitsPerK
      let end = start + 8 + Double(marker.label.count) * 6.5
      let clear = placed.allSatisfy { other in
        let otherStart = other.x * unitsPerK
        let otherEnd = otherStart + 8 + Double(other.label.count) * 6.5
        return end < otherStart || start > otherEnd
      }
      if clear { placed.append(marker) }
    }
    return placed.sorted { $0.x < $1.x }
  }

  /// k = 1, the crossings, about 1/F² and the largest k, as far as the grid has them.
  static func tableRows(_ result: Capacity) -> [[String]] {
    let grid = result.points.map(\.k)
    let nearEstimate = grid.min {
      abs(Double($0) - result.wordEstimate) < abs(Double($1) - result.wordEstimate)
    }
    let wanted = Set(
      [grid.first, result.kBelow90, result.kBelow50, nearEstimate, grid.last].compactMap { $0 })
    return result.points.filter { wanted.contains($0.k) }.map { point in
      [String(point.k), NumberText.fixed(point.recall, 3)]
        + (point.outputRecall.map { [NumberText.fixed($0, 3)] } ?? [])
    }
  }
}

extension Dictionaries.Book: LensChoice {}
extension Capacity.Mode: LensChoice {}
