import Engine
import Foundation
import ModelSynthesis
import Testing

/// The random-weight models of `SyntheticModel.oracleCases` against llama.cpp's logits on the
/// same files (Tests/EngineTests/Fixtures/oracle, made by scripts/make-oracle-goldens.py).
///
/// The weights are F32, so both sides compute in F32 and agree far closer than on the
/// quantized real models. The test writes each model again from its seed and checks the
/// file's SHA-256 against the one llama.cpp read before comparing anything.
@Suite(.serialized) struct OracleGoldenTests {
  /// Writes `model` into a fresh temporary folder; the caller removes the folder.
  static func write(_ model: SyntheticModel) throws -> (path: String, digest: String, folder: URL) {
    let vocabulary = try GGUFFile(path: LlamaVocabVectors.vocabulary(model.vocabulary))
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("lenscribe-oracle-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent("\(model.name).gguf")
    let digest = try model.write(to: url, vocabularyFile: vocabulary)
    return (url.path, digest, folder)
  }

  /// The largest mean KL per position allowed. With F32 weights on both sides every case
  /// agrees to about 1e-5, so this is ten times that, and ten times tighter than the 1e-3
  /// asked of the quantized real models.
  static let tolerance = 1e-4

  static func oracleCase(_ name: String) -> SyntheticModel {
    SyntheticModel.oracleCases.first { $0.name == name }!
  }

  @Test(arguments: SyntheticModel.oracleCases.map(\.name))
  func matchesLlamaCpp(_ name: String) throws {
    let golden = try LlamaCppGolden(fixture: "oracle/\(name)")
    let (path, digest, folder) = try Self.write(Self.oracleCase(name))
    defer { try? FileManager.default.removeItem(at: folder) }
    try #require(digest == golden.sha256, "the model written now is not the file llama.cpp read")
    let file = try GGUFFile(path: path)
    let tokenizer = try Tokenizer(file: file)
    // llama.cpp was asked for the vocabulary's own BOS rule (add_special): BOS for Llama 3's,
    // none for Qwen's.
    for item in golden.cases {
      #expect(tokenizer.encode(item.text, bos: nil) == item.tokens, "tokens of '\(item.text.prefix(20))'")
    }
    let result = try golden.compare(with: Transformer(file: file))
    print("oracle \(name) vs llama.cpp: \(result)")
    #expect(result.meanKL < Self.tolerance)
    #expect(result.top1Mismatches.isEmpty, "\(result.top1Mismatches)")
    // The weights are scaled so that most positions have a clear winner: a flat distribution
    // would agree with anything.
    #expect(result.top1Checked * 2 >= result.kls.count)
  }

  /// Without its frequency factors the same weights give llama.cpp's numbers no longer: the
  /// oracle sees what `rope_freqs` does.
  @Test func ignoringTheRopeFrequencyFactorsIsSeen() throws {
    let golden = try LlamaCppGolden(fixture: "oracle/llama3-tiny-rope-freqs")
    var model = Self.oracleCase("llama3-tiny-rope-freqs")
    model.ropeFactorsContext = nil
    let (path, _, folder) = try Self.write(model)
    defer { try? FileManager.default.removeItem(at: folder) }
    let result = try golden.compare(with: Transformer(path: path))
    print("oracle llama3-tiny-rope-freqs without its factors vs llama.cpp: \(result)")
    #expect(result.meanKL > 1e-2)
  }

  /// Without the soft-caps of its scores or of its logits, gemma2 gives numbers beyond the
  /// oracle's tolerance: the oracle sees both.
  @Test(arguments: ["attention", "logits"])
  func ignoringGemma2sSoftCapsIsSeen(_ which: String) throws {
    let golden = try LlamaCppGolden(fixture: "oracle/gemma2-tiny")
    let (path, _, folder) = try Self.write(Self.oracleCase("gemma2-tiny"))
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = try GGUFFile(path: path)
    var config = try ModelConfig(file: file)
    if which == "attention" { config.attentionSoftCap = nil } else { config.finalLogitSoftCap = nil }
    let result = try golden.compare(with: Transformer(file: file, config: config))
    print("oracle gemma2-tiny without its \(which) cap vs llama.cpp: \(result)")
    #expect(result.meanKL > 5 * Self.tolerance)
  }
}
