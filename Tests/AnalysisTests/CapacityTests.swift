import Analysis
import Engine
import Foundation
import Registry
import Testing

@Suite("Capacity")
struct CapacityTests {
  static func identity(_ d: Int) throws -> Dictionaries {
    var values = [Float](repeating: 0, count: d * d)
    for i in 0..<d { values[i * d + i] = 1 }
    let matrix = try Synthetic.matrix(values, rows: d, columns: d)
    return try Dictionaries(input: matrix, output: matrix, isTied: true)
  }

  @Test func orthogonalWordsAreAlwaysRecalled() throws {
    let result = try Capacity(
      dictionaries: Self.identity(8), candidates: Array(0..<8),
      options: .init(maxK: 8, trials: 4))
    #expect(result.points.map(\.k) == [1, 2, 3, 4, 6, 8])
    #expect(result.points.allSatisfy { $0.recall == 1 && $0.outputRecall == nil })
    #expect(result.kBelow90 == nil && result.kBelow50 == nil)
    #expect(result.findings[0].contains("no k up to 8"))
  }

  @Test func trialsBeyondOneMultiplyAreEachReadBackAndProgressIsTold() throws {
    // 200 trials are read in chunks of 64: a trial read against another's products, or one
    // left out, would not recall its orthogonal words.
    var told: [String] = []
    let result = try Capacity(
      dictionaries: Self.identity(8), candidates: Array(0..<8),
      options: .init(maxK: 8, trials: 200), progress: { told.append("\($0)/\($1)") })
    #expect(result.points.allSatisfy { $0.recall == 1 })
    #expect(told == ["1/6", "2/6", "3/6", "4/6", "5/6", "6/6"])
  }

  @Test func aSharedDirectionCrowdsOutAWord() throws {
    // Rows e0, e1 and (1, 1): e0 + e1 reads as (1, 1) first, so k = 2 recalls one word of two.
    let dictionary = try Synthetic.matrix([1, 0, 0, 1, 1, 1], rows: 3, columns: 2)
    let result = try Capacity(
      dictionaries: Dictionaries(input: dictionary, output: dictionary, isTied: true),
      candidates: [0, 1], options: .init(maxK: 2, trials: 3))
    #expect(result.points.map(\.recall) == [1, 0.5])
    #expect(result.kBelow90 == 2 && result.kBelow50 == nil)
  }

  @Test func noiseFloorSolvesItsEquation() {
    for d in [64, 576, 640, 4096] {
      let f = Capacity.noiseFloor(width: d)
      #expect(abs(Double(d) * erfc(f * (Double(d) / 2).squareRoot()) - 1) < 1e-9)
    }
    #expect(Capacity.noiseFloor(width: 4096) < Capacity.noiseFloor(width: 576))
  }

  /// 1/F² is 58.7 at d = 576, 64.0 at 640 and 304.4 at 4096 (solved separately with
  /// Python's math.erfc): the default k range is the next power of two, past the estimate.
  @Test func defaultRangeReachesPastTheEstimate() {
    #expect(Capacity.defaultMaxK(width: 576) == 64)
    #expect(Capacity.defaultMaxK(width: 640) == 64)
    #expect(Capacity.defaultMaxK(width: 4096) == 512)
  }

  @Test func sameSeedSameNumbers() throws {
    let dictionaries = try Self.identity(8)
    let options = Capacity.Options(maxK: 6, trials: 5, seed: 42, mode: .both)
    let first = try Capacity(dictionaries: dictionaries, candidates: Array(0..<8), options: options)
    let second = try Capacity(
      dictionaries: dictionaries, candidates: Array(0..<8), options: options)
    #expect(try CanonicalJSON.data(first) == CanonicalJSON.data(second))
    #expect(first.points.allSatisfy { $0.outputRecall != nil })
  }

  @Test func rejectsBadOptions() throws {
    let dictionaries = try Self.identity(4)
    #expect(
      throws: AnalysisError.optionOutOfRange(
        analysis: "capacity", option: "maxK", value: "3", allowed: "1...2")
    ) {
      try Capacity(dictionaries: dictionaries, candidates: [0, 1], options: .init(maxK: 3))
    }
    #expect(
      throws: AnalysisError.optionOutOfRange(
        analysis: "capacity", option: "trials", value: "0", allowed: "1...10000")
    ) {
      try Capacity(
        dictionaries: dictionaries, candidates: [0, 1], options: .init(maxK: 1, trials: 0))
    }
    #expect(
      throws: AnalysisError.optionOutOfRange(
        analysis: "capacity", option: "candidates", value: "9", allowed: "0...3")
    ) {
      try Capacity(dictionaries: dictionaries, candidates: [9], options: .init(maxK: 1))
    }
  }

  @Test(arguments: [RegistryModel.smollm2, .gemma3])
  func realModelRecallsOneWord(_ model: RegistryModel) throws {
    let loaded = try TestModels.shared(model)
    let dictionaries = try Dictionaries(transformer: loaded.transformer)
    let words = Capacity.ordinaryWords(tokenizer: loaded.tokenizer)
    #expect(words.count > 1000)
    let result = try Capacity(
      dictionaries: dictionaries, candidates: words, options: .init(maxK: 64, trials: 8))
    #expect(result.points[0].k == 1 && result.points[0].recall == 1)
    #expect(result.points.allSatisfy { $0.recall >= 0 && $0.recall <= 1 })
    let both = try Capacity(
      dictionaries: dictionaries, candidates: words,
      options: .init(maxK: 64, trials: 8, mode: .both))
    #expect(both.points.allSatisfy { ($0.outputRecall ?? -1) >= 0 })
    let variant = both.findings.last ?? ""
    print("capacity \(model.name) (\(words.count) words): \(result.findings) \(variant)")
  }
}
