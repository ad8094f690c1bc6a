import Engine
import Foundation
import Testing

/// Every case of llama.cpp's own tokenizer test suite, for every vocabulary it ships that
/// lenscribe's tokenizers cover (byte-level BPE with each supported pre-tokenizer, and
/// SentencePiece). Each must give exactly llama.cpp's ids.
@Suite struct LlamaVocabTests {
  /// Vocabulary name, and how many distinct cases its files hold (so a truncated or empty
  /// download fails instead of passing with nothing checked).
  static let vocabularies: [(String, Int)] = [
    ("llama-spm", 46), ("phi-3", 46), ("llama-bpe", 46), ("gpt-2", 46), ("qwen2", 46),
    ("qwen35", 50), ("starcoder", 46), ("refact", 46), ("command-r", 46), ("mpt", 46),
    ("deepseek-llm", 46), ("deepseek-coder", 46), ("falcon", 46), ("gemma-4", 46),
  ]

  @Test(arguments: vocabularies)
  func everyCaseMatchesLlamaCpp(_ vocabulary: (name: String, cases: Int)) throws {
    let tokenizer = try Tokenizer(
      file: GGUFFile(path: LlamaVocabVectors.vocabulary(vocabulary.name)))
    let cases = try LlamaVocabVectors.cases(vocabulary.name)
    #expect(cases.count == vocabulary.cases, "cases in ggml-vocab-\(vocabulary.name).gguf.inp")
    var failures: [String] = []
    for testCase in cases {
      let ids = tokenizer.encode(bytes: testCase.input, addBOS: false)
      if ids != testCase.ids {
        failures.append(
          "\(String(reflecting: String(decoding: testCase.input, as: UTF8.self))): "
            + "expected \(testCase.ids), got \(ids)")
      }
    }
    #expect(
      failures.count == 0,
      Comment(
        rawValue: "\(vocabulary.name): \(failures.count) of \(cases.count) differ:\n"
          + failures.joined(separator: "\n")))
  }
}
