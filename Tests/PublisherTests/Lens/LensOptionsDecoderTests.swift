import Analysis
import Foundation
import Publisher
import Testing

/// A block's options decode into its renderer's `Options` type, and every message names the
/// option, what it must be, and what the block wrote; the allowed names and words come from
/// the type.
@Suite struct LensOptionsDecoderTests {
  enum Shade: String, CaseIterable, Decodable, LensChoice { case light, dark }

  struct Options: LensOptions {
    var count: Int?
    var share: Double?
    var shade: Shade?
    var labels: [String]?
    var steps: [Int]?
    var maxK: Int?
    var flag: Bool?

    enum CodingKeys: String, CodingKey {
      case count, share, shade, labels, steps, flag
      case maxK = "max-k"
    }

    func check() throws(LensOptionError) { try require(count, in: 1...5, "count") }
  }

  /// A renderer that only decodes (its analysis never runs here).
  struct Probe: LensRenderer {
    let analysis: AnalysisKind = "probe"
    func run(_ block: LensInput<Options>, in environment: LensEnvironment) throws -> Int { 0 }
    func draw(_ result: Int, for block: LensInput<Options>, in context: FigureContext) throws
      -> LensFigure
    {
      LensFigure(svg: "", data: "", alt: "", finding: "")
    }
  }

  func decode(_ options: [String: LensValue]) throws(LensOptionError) -> LensInput<Options> {
    try Probe().input(
      for: LensRequest(analysis: "probe", model: "m", prompt: "p", options: options))
  }

  func message(_ options: [String: LensValue]) -> String? {
    do {
      _ = try decode(options)
      return nil
    } catch {
      return error.message
    }
  }

  /// A 10 MB value in a wrong place gives a one-line message, not the value back.
  @Test func aHugeValueIsQuotedShort() {
    let huge = String(repeating: "x", count: 10_000_000)
    let text = message(["count": .string(huge)]) ?? ""
    #expect(text.hasPrefix("count must be a whole number, not " + String(repeating: "x", count: 60)))
    #expect(text.hasSuffix("… (10000000 characters)"))
    #expect(text.count < 150)
    #expect(message(["bos": .string(huge)])?.count ?? 0 < 150)
    #expect(message(["shade": .list([.string(huge)])])?.count ?? 0 < 150)
  }

  @Test func valuesArriveTyped() throws {
    let block = try decode([
      "count": .int(3), "share": .int(1), "shade": .string("dark"),
      "labels": .list([.string("a"), .string("b")]), "steps": .int(5), "max-k": .int(9),
      "flag": .bool(false), "bos": .bool(true),
    ])
    #expect(block.options.count == 3)
    #expect(block.options.share == 1.0)
    #expect(block.options.shade == .dark)
    #expect(block.options.labels == ["a", "b"])
    // A scalar where a list is expected is a list of one.
    #expect(block.options.steps == [5])
    #expect(block.options.maxK == 9)
    #expect(block.options.flag == false)
    #expect(block.bos == true)
    let empty = try decode(["count": .null])
    #expect(empty.options.count == nil && empty.bos == nil)
  }

  @Test func theAllowedNamesAreTheFields() {
    #expect(
      message(["colour": .string("red")])
        == "unknown option 'colour' for probe (allowed: bos, count, flag, labels, max-k, shade, "
        + "share, steps)")
    #expect(message(["maxK": .int(3)])?.hasPrefix("unknown option 'maxK'") == true)
  }

  @Test func eachKindOfValueSaysWhatItMustBe() {
    #expect(message(["shade": .string("pink")]) == "shade must be one of light, dark, not pink")
    #expect(message(["shade": .int(1)]) == "shade must be one of light, dark, not 1")
    #expect(message(["count": .string("many")]) == "count must be a whole number, not many")
    #expect(message(["count": .double(2.5)]) == "count must be a whole number, not 2.5")
    #expect(message(["count": .int(9)]) == "count must be a whole number from 1 to 5, not 9")
    #expect(message(["share": .bool(true)]) == "share must be a number, not true")
    #expect(message(["flag": .string("yes please")]) == "flag must be true or false, not yes please")
    #expect(message(["bos": .int(1)]) == "bos must be true or false, not 1")
    #expect(
      message(["steps": .list([.int(1), .string("x")])])
        == "steps must be a list of whole numbers, not x")
    #expect(
      message(["labels": .list([.list([.string("a")])])])
        == "labels must be a list of texts, not [a]")
  }

  @Test func theErrorNamesTheKeyForTheLine() {
    #expect(throws: LensOptionError(key: "shade", "shade must be one of light, dark, not 3")) {
      _ = try decode(["shade": .int(3)])
    }
  }
}
