import Engine
import Formatting
import Foundation

/// `capacity`: how many words a sum of unit dictionary vectors can hold and still be read back.
public struct Capacity: Codable, Sendable, Equatable {
  /// Which dictionaries the words come from.
  public enum Mode: String, Codable, Sendable, CaseIterable {
    /// k words from one dictionary, read back with it.
    case single
    /// k words from E plus k from U in one vector, each set read back with its own dictionary.
    case both
  }

  /// Options of a capacity block.
  public struct Options: Codable, Sendable, Equatable {
    /// Largest k (1...number of candidate words).
    public var maxK: Int
    /// Trials per k (1...10000).
    public var trials: Int
    public var seed: UInt64
    /// The dictionary of `single` mode.
    public var dictionary: Dictionaries.Book
    public var mode: Mode

    public init(
      maxK: Int = 64, trials: Int = 16, seed: UInt64 = 1,
      dictionary: Dictionaries.Book = .output, mode: Mode = .single
    ) {
      self.maxK = maxK
      self.trials = trials
      self.seed = seed
      self.dictionary = dictionary
      self.mode = mode
    }
  }

  /// Recall at one k.
  public struct Point: Codable, Sendable, Equatable {
    public let k: Int
    /// Mean over trials of `|top-k(read) ∩ chosen| / k` (single mode; in both mode the words
    /// from E read with E).
    public let recall: Double
    /// In both mode: the same for the words from U read with U; nil in single mode.
    public let outputRecall: Double?
  }

  public let options: Options
  /// The k grid: 1, 2, 3, 4, 6, 8, 12, 16, 24, ... up to `maxK` (always included).
  public let points: [Point]
  /// The smallest k of the grid whose recall is below 0.9; nil if none.
  public let kBelow90: Int?
  /// The smallest k of the grid whose recall is below 0.5; nil if none.
  public let kBelow50: Int?
  /// Width d of the dictionaries.
  public let width: Int
  /// The noise floor F: `d (1 - erf(F sqrt(d / 2))) = 1` (the largest chance amplitude among d
  /// random unit directions).
  public let noiseFloor: Double
  /// `1 / F^2`: about how many words fit before their amplitudes sink into the noise.
  public let wordEstimate: Double
  /// Number of candidate words drawn from.
  public let candidateCount: Int
  /// One to three sentences with the numbers.
  public let findings: [String]

  /// Runs the trials over `candidates` (token ids; see `ordinaryWords`). `progress` hears
  /// after each point of the k grid how many of how many are done (each costs about the same:
  /// reading every trial's vector against the whole vocabulary).
  public init(
    dictionaries: Dictionaries, candidates: [Int], options: Options = Options(),
    progress: (_ done: Int, _ of: Int) -> Void = { _, _ in }
  ) throws {
    let vocabulary = dictionaries.vocabularySize
    guard !candidates.isEmpty else {
      throw AnalysisError.optionOutOfRange(
        analysis: "capacity", option: "candidates", value: "0 words", allowed: "at least 1 word")
    }
    for id in candidates {
      try AnalysisError.check(
        id, in: 0...(vocabulary - 1), analysis: .capacity, option: "candidates")
    }
    try AnalysisError.check(
      options.maxK, in: 1...candidates.count, analysis: .capacity, option: "maxK")
    try AnalysisError.check(options.trials, in: 1...10_000, analysis: .capacity, option: "trials")
    let grid = Self.grid(upTo: options.maxK)
    var points: [Point] = []
    for k in grid {
      points.append(
        Self.point(k: k, dictionaries: dictionaries, candidates: candidates, options: options))
      progress(points.count, grid.count)
    }
    self.points = points
    self.options = options
    kBelow90 = points.first { $0.recall < 0.9 }?.k
    kBelow50 = points.first { $0.recall < 0.5 }?.k
    width = dictionaries.width
    noiseFloor = Self.noiseFloor(width: dictionaries.width)
    wordEstimate = 1 / (noiseFloor * noiseFloor)
    candidateCount = candidates.count
    var findings: [String] = []
    let last = points[points.count - 1]
    findings.append(
      "Summing k unit word vectors (d = \(width), \(options.trials) trials per k) and reading the "
        + "top k back, recall first falls below 0.9 at "
        + (kBelow90.map { "k = \($0)" } ?? "no k up to \(options.maxK)")
        + " and below 0.5 at " + (kBelow50.map { "k = \($0)" } ?? "no k up to \(options.maxK)")
        + "; at k = \(last.k) it is \(NumberText.significant(last.recall)).")
    findings.append(
      "The noise floor for d = \(width) is F = \(NumberText.significant(noiseFloor)), so about "
        + "1/F² = \(NumberText.significant(wordEstimate)) words fit in one vector.")
    if let outputRecall = last.outputRecall {
      findings.append(
        "With k words from E and k from U in the same vector, at k = \(last.k) E reads back its "
          + "words with recall \(NumberText.significant(last.recall)) and U with "
          + "\(NumberText.significant(outputRecall)).")
    }
    self.findings = findings
  }

  /// The k range a model `width` wide needs to show its curve cross the noise-floor estimate
  /// 1/F²: the smallest power of two at or above it (64 for d = 576 or 640, 512 for 4096).
  public static func defaultMaxK(width: Int) -> Int {
    let noise = noiseFloor(width: width)
    let estimate = 1 / (noise * noise)
    var k = 1
    while Double(k) < estimate { k *= 2 }
    return k
  }

  /// 1, 2, 3, 4, 6, 8, 12, 16, ... (powers of two and 1.5 times them) up to `maxK`, plus `maxK`.
  static func grid(upTo maxK: Int) -> [Int] {
    var values: Set<Int> = [maxK]
    var power = 1
    while power <= maxK {
      values.insert(power)
      if power * 3 / 2 <= maxK && power >= 2 { values.insert(power * 3 / 2) }
      power *= 2
    }
    return values.sorted()
  }

  /// F with `d (1 - erf(F sqrt(d/2))) = 1`, by bisection (the left side falls with F).
  public static func noiseFloor(width d: Int) -> Double {
    let n = Double(d)
    var low = 0.0
    var high = 1.0
    for _ in 0..<200 {
      let middle = (low + high) / 2
      if n * erfc(middle * (n / 2).squareRoot()) > 1 { low = middle } else { high = middle }
    }
    return (low + high) / 2
  }

  /// Trials whose products are held at once (64 x 262,144 floats is 64 MiB).
  static let trialsPerMultiply = 64

  private static func point(
    k: Int, dictionaries: Dictionaries, candidates: [Int], options: Options
  ) -> Point {
    let d = dictionaries.width
    let trials = options.trials
    var inputSets: [[Int]] = []
    var outputSets: [[Int]] = []
    var x = [Float](repeating: 0, count: trials * d)
    let firstBook: Dictionaries.Book = options.mode == .both ? .input : options.dictionary
    for trial in 0..<trials {
      var generator = SplitMix64(
        seed: options.seed &* 0x1000_0000_01B3 &+ UInt64(k) &* 0x9E37_79B9 &+ UInt64(trial))
      let first = Self.draw(k, from: candidates, using: &generator)
      inputSets.append(first)
      Self.add(first, from: firstBook, dictionaries: dictionaries, into: &x, at: trial * d)
      if options.mode == .both {
        let second = Self.draw(k, from: candidates, using: &generator)
        outputSets.append(second)
        Self.add(second, from: .output, dictionaries: dictionaries, into: &x, at: trial * d)
      }
    }
    let recall = Self.recall(x, sets: inputSets, k: k, book: firstBook, dictionaries: dictionaries)
    let outputRecall =
      options.mode == .both
      ? Self.recall(x, sets: outputSets, k: k, book: .output, dictionaries: dictionaries) : nil
    return Point(k: k, recall: recall, outputRecall: outputRecall)
  }

  private static func draw(
    _ k: Int, from candidates: [Int], using generator: inout SplitMix64
  ) -> [Int] {
    var chosen: [Int] = []
    var seen: Set<Int> = []
    while chosen.count < k {
      let id = candidates[generator.index(below: candidates.count)]
      if seen.insert(id).inserted { chosen.append(id) }
    }
    return chosen
  }

  private static func add(
    _ ids: [Int], from book: Dictionaries.Book, dictionaries: Dictionaries, into x: inout [Float],
    at start: Int
  ) {
    let matrix = dictionaries.matrix(book)
    let norms = dictionaries.norms(book)
    for id in ids where norms[id] > 0 {
      let row = matrix.row(id)
      let scale = 1 / norms[id]
      for i in 0..<row.count { x[start + i] += Float(Double(row[i]) * scale) }
    }
  }

  /// Mean recall of `sets` from the top-k amplitudes of each trial's vector in `book`.
  private static func recall(
    _ x: [Float], sets: [[Int]], k: Int, book: Dictionaries.Book, dictionaries: Dictionaries
  ) -> Double {
    let d = dictionaries.width
    let vocabulary = dictionaries.vocabularySize
    let norms = dictionaries.norms(book)
    var total = 0.0
    // The products of a chunk of trials at a time: all 10,000 trials at once against a
    // 262,144-word vocabulary would be 10 GB. Each trial's row is computed alone either way.
    for chunk in stride(from: 0, to: sets.count, by: Self.trialsPerMultiply) {
      let count = min(Self.trialsPerMultiply, sets.count - chunk)
      let products = dictionaries.matrix(book).multiply(
        Array(x[(chunk * d)..<((chunk + count) * d)]), tokens: count)
      for row in 0..<count {
        let trial = chunk + row
        let xNorm = Vectors.norm(x, trial * d, d)
        let amplitudes = (0..<vocabulary).map { v -> Float in
          let denominator = xNorm * norms[v]
          return denominator > 0 ? Float(Double(products[row * vocabulary + v]) / denominator) : 0
        }
        let read = Set(TopK.indices(of: amplitudes, k: k))
        total += Double(sets[trial].filter { read.contains($0) }.count) / Double(k)
      }
    }
    return total / Double(sets.count)
  }
}

extension AnalysisKind {
  /// `analysis: capacity`.
  public static let capacity: AnalysisKind = "capacity"
}
