import Foundation
import Testing

@testable import Publisher

/// The example site's prose states no number by hand: every number about the two models comes
/// through a value reference (`[@val:LABEL.PATH]`) from a block the post computes, so the text
/// cannot drift from the figures.
///
/// The check is a heuristic over the prose as libcmark parses it (text only: code, lens blocks,
/// link targets and list markers are not prose). It looks for digits that stand alone (not part
/// of a name such as `SmolLM2-135M` or `7B`) and lets through only:
/// - the references themselves, removed before the check;
/// - the numbers in a model's name (`Llama 2`, `Gemma 3`) and in a quantization (`4-bit`);
/// - years (1800-2099), as in citations, and the 1 of a formula's `1/x`;
/// - anything in quotation marks (prompts, quoted text);
/// - sentences that quote the literature: those that name Llama 2 7B, the model of "Llama
///   surprises", or cite a paper (`et al.`), since their numbers are the paper's, not ours.
/// Numbers written as words ("the sixth layer") are not caught; reviewers read those.
@Suite struct ExampleProseTests {
  static let posts = ExampleSiteTests.site.appendingPathComponent("posts")

  /// The numbers in `text` that the rules above do not let through.
  static func statedNumbers(in text: String) -> [String] {
    func removing(_ patterns: [String], from text: String) -> String {
      patterns.reduce(text) {
        $0.replacingOccurrences(of: $1, with: " ", options: .regularExpression)
      }
    }
    let prose = removing(
      [ValueReference.pattern, Post.referencePattern, #""[^"]*""#, #"“[^”]*”"#], from: text
    ).replacingOccurrences(of: "et al.", with: "et al")
    let sentences = prose.components(separatedBy: ". ")
      .filter { !$0.contains("Llama") && !$0.contains("et al") }
      .map {
        removing(
          [#"\b(Llama|Gemma) [0-9]+\b"#, #"\b[0-9]+-bit\b"#, #"\b(18|19|20)[0-9]{2}\b"#, #"\b1/"#],
          from: $0)
      }
    // ICU's expressions (NSRegularExpression), which have the lookbehind Swift's Regex lacks.
    let number = try! NSRegularExpression(
      pattern: #"(?<![\p{L}\p{N}_])[0-9]+(?:[.,][0-9]+)*%?(?![\p{L}\p{N}_])"#)
    return sentences.flatMap { sentence in
      number.matches(in: sentence, range: NSRange(sentence.startIndex..., in: sentence))
        .compactMap { Range($0.range, in: sentence).map { String(sentence[$0]) } }
    }
  }

  @Test func theHeuristicCatchesHandWrittenNumbersAndLetTheRestThrough() {
    #expect(Self.statedNumbers(in: "SmolLM2 has 30 layers; the step is 25.6%.") == ["30", "25.6%"])
    #expect(Self.statedNumbers(in: "SmolLM2 has [@val:a.layers.count] layers.").isEmpty)
    #expect(Self.statedNumbers(in: "SmolLM2-135M and Gemma 3 270M (4-bit), 2024.").isEmpty)
    #expect(Self.statedNumbers(in: "The prompt \"cat -> cat; 1135 -> 1135\" repeats.").isEmpty)
    #expect(Self.statedNumbers(in: "In Llama 2 7B it is 5%. Here it is 40%.") == ["40%"])
    #expect(Self.statedNumbers(in: "Sun et al. found dimensions 1415 and 2533.").isEmpty)
    #expect(Self.statedNumbers(in: "A cosine of about 1/√d, 1/F² words, 1 in 3.") == ["1", "3"])
  }

  @Test func everyNumberInTheExamplePostsComesFromABlock() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.posts.path)
      .filter { $0.hasSuffix(".md") }.sorted()
    #expect(files.count >= 10)
    var stated: [String] = []
    for name in files {
      let text = try String(contentsOf: Self.posts.appendingPathComponent(name), encoding: .utf8)
      let post = try Post.parse(text, file: "posts/\(name)")
      // The text nodes of one paragraph (on consecutive lines) joined, so that a sentence split
      // by a line break or by emphasis is read whole.
      var paragraphs: [(text: String, line: Int)] = []
      var last = -10
      for (text, line) in Post.texts(in: CmarkTree(post.body), lineOffset: post.bodyLineOffset) {
        if line - last <= 1, !paragraphs.isEmpty {
          paragraphs[paragraphs.count - 1].text += (line == last ? "" : " ") + text
        } else {
          paragraphs.append((text, line))
        }
        last = line
      }
      paragraphs += post.blocks.compactMap { block in block.caption.map { ($0, block.line) } }
      for (text, line) in paragraphs {
        for number in Self.statedNumbers(in: text) {
          stated.append("posts/\(name):\(line): \(number) in “\(text)”")
        }
      }
    }
    #expect(stated.isEmpty, "numbers stated by hand:\n\(stated.joined(separator: "\n"))")
  }
}
