import Engine
import Foundation
import Testing

/// A megabyte of input, ordinary and hostile, on both registry models: defined results, and
/// time that grows linearly (a quarter of the input takes about a quarter of the time).
@Suite(.serialized) struct LongInputTests {
  static let megabyte = 1 << 20

  /// Inputs of `size` bytes: made-up words (every word new, so no cache helps), one
  /// million-byte word, only spaces, only newlines, and random bytes (mostly invalid UTF-8).
  static func inputs(size: Int) -> [(String, [UInt8])] {
    var state: UInt64 = 0x7E57
    func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state >> 33
    }
    var words: [UInt8] = []
    while words.count < size {
      for _ in 0..<(2 + next() % 9) { words.append(UInt8(0x61 + next() % 26)) }
      words.append(next() % 12 == 0 ? 0x0A : 0x20)
    }
    var noise: [UInt8] = []
    while noise.count < size { noise.append(UInt8(truncatingIfNeeded: next())) }
    return [
      ("words", Array(words.prefix(size))),
      ("one-word", [UInt8](repeating: 0x61, count: size)),
      ("spaces", [UInt8](repeating: 0x20, count: size)),
      ("newlines", [UInt8](repeating: 0x0A, count: size)),
      ("random-bytes", noise),
    ]
  }

  @Test(arguments: ["smollm2-135m", "gemma3-270m"])
  func aMegabyteTakesLinearTimeAndDecodesBack(_ name: String) throws {
    let tokenizer = try Tokenizer(
      file: GGUFFile(path: name == "gemma3-270m" ? TestModels.gemma3 : TestModels.smollm2))
    let clock = ContinuousClock()
    let quarters = Dictionary(uniqueKeysWithValues: Self.inputs(size: Self.megabyte / 4))
    for (input, bytes) in Self.inputs(size: Self.megabyte) {
      let quarter = quarters[input]!
      var quarterIDs: [Int] = []
      var ids: [Int] = []
      var quarterTime = Duration.zero
      var fullTime = Duration.zero
      // Measured again (keeping the best times) only if noise from other processes made the
      // first measurement look worse than linear.
      for attempt in 0..<5 {
        let quarterRun = clock.measure {
          quarterIDs = tokenizer.encode(bytes: quarter, addBOS: false)
        }
        let fullRun = clock.measure { ids = tokenizer.encode(bytes: bytes, addBOS: false) }
        quarterTime = attempt == 0 ? quarterRun : min(quarterTime, quarterRun)
        fullTime = attempt == 0 ? fullRun : min(fullTime, fullRun)
        if fullTime < quarterTime * 8 + .milliseconds(50) { break }
      }
      #expect(!ids.isEmpty && ids.count > quarterIDs.count, "\(name) \(input)")
      #expect(
        fullTime < quarterTime * 8 + .milliseconds(50),
        "\(name) \(input): 1 MB took \(fullTime), 256 KB took \(quarterTime)")
      if input != "random-bytes" {
        #expect(tokenizer.decode(ids) == bytes, "\(name) \(input) decodes back")
      }
    }
  }

  @Test func aMegabyteOfSpacesIsTheLongestSpaceTokensForGemma() throws {
    let gemma = try Tokenizer(file: GGUFFile(path: TestModels.gemma3))
    let ids = gemma.encode(bytes: [UInt8](repeating: 0x20, count: Self.megabyte), addBOS: false)
    // Gemma's longest space-run token is 31 spaces (user-defined, matched before SentencePiece).
    let longest = ids[0]
    #expect(gemma.pieceBytes(longest) == [UInt8](repeating: 0x20, count: 31))
    #expect(ids.count == Self.megabyte / 31 + 1)
    #expect(ids.dropLast().allSatisfy { $0 == longest })
  }
}
