import Foundation
import Testing

@testable import Publisher

/// `[@val:LABEL.PATH|FORMAT]`: the walk into a result and how the value reads.
@Suite struct ValueReferenceTests {
  static let result = JSONValue.parse(
    """
    {"top": [{"text": "␣play", "probability": 0.3629205893293347}, {"text": "␣practice",
    "probability": 0.2692}], "layers": 30, "vocabulary": 49152, "entropy": 2.726794376366425,
    "shift": -0.0004, "sure": true, "none": null}
    """)!

  static func text(_ source: String) -> Result<String, ValueReference.Problem> {
    let parsed = ValueReference.parse(source)
    guard parsed.count == 1, case .success(let (reference, _)) = parsed[0] else {
      return .failure(.init(message: "did not parse"))
    }
    return reference.text(in: result)
  }

  @Test(arguments: [
    ("[@val:a.top.1.text]", "␣play"),
    ("[@val:a.top.-1.text]", "␣practice"),
    ("[@val:a.top.count]", "2"),
    ("[@val:a.top.1.probability]", "0.363"),
    ("[@val:a.top.1.probability|%]", "36.3%"),
    ("[@val:a.top.1.probability|%.0]", "36%"),
    ("[@val:a.top.2.probability|.2]", "0.27"),
    ("[@val:a.entropy|.1]", "2.7"),
    ("[@val:a.layers]", "30"),
    ("[@val:a.layers|ord]", "30th"),
    ("[@val:a.vocabulary|,]", "49,152"),
    ("[@val:a.shift]", "0"),
    ("[@val:a.sure]", "true"),
  ])
  func valuesReadAsTheFormatSays(source: String, expected: String) {
    #expect(Self.text(source) == .success(expected))
  }

  @Test(arguments: [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"),
    (13, "13th"), (21, "21st"), (22, "22nd"), (101, "101st"), (111, "111th")])
  func ordinalsAreEnglish(number: Int, expected: String) {
    let result = JSONValue.parse("{\"n\": \(number)}")!
    guard case .success(let (reference, _)) = ValueReference.parse("[@val:a.n|ord]")[0] else {
      Issue.record("did not parse")
      return
    }
    #expect(reference.text(in: result) == .success(expected))
  }

  @Test(arguments: [
    ("[@val:a.top.3.text]", "[@val:a.top.3.text]: a.top is a list of 2; use 1 to 2, -1 for the last, or 'count'"),
    ("[@val:a.top.0.text]", "[@val:a.top.0.text]: a.top is a list of 2; use 1 to 2, -1 for the last, or 'count'"),
    ("[@val:a.depth]", "[@val:a.depth]: a has no 'depth' (it has: entropy, layers, none, shift, sure, top, vocabulary)"),
    ("[@val:a.layers.first]", "[@val:a.layers.first]: a.layers is a single value; it has no 'first'"),
    ("[@val:a.top]", "[@val:a.top]: it is a group of values, not one; name a step further"),
    ("[@val:a.none]", "[@val:a.none]: it is empty (null) in the result"),
    ("[@val:a.top.1.text|%]", "[@val:a.top.1.text|%]: a format applies to numbers only"),
    ("[@val:a.entropy|,]", "[@val:a.entropy|,]: ',' needs a whole number"),
  ])
  func aPathThatLeadsToNoValueSaysWhy(source: String, message: String) {
    #expect(Self.text(source) == .failure(.init(message: message)))
  }

  @Test func anUnknownFormatIsNamedWithTheOnesThatExist() {
    let parsed = ValueReference.parse("x [@val:a.top.1.probability|pct] y")
    #expect(parsed.count == 1)
    guard case .failure(let problem) = parsed[0] else {
      Issue.record("parsed")
      return
    }
    #expect(
      problem.message
        == "[@val:a.top.1.probability|pct] has the unknown format 'pct': use "
        + ValueReference.formatsHelp)
  }

  @Test func textThatOnlyLooksLikeAReferenceIsNone() {
    for text in ["[@val:a]", "[@val:.x]", "[@val:a.]", "[@fig:a]", "[@val:a. b]", "@val:a.b"] {
      #expect(ValueReference.parse(text).isEmpty, "\(text)")
    }
  }
}
