import Engine
import Foundation
import Testing

/// Final logits against llama.cpp's (Tests/EngineTests/Fixtures/forward, made by
/// scripts/make-forward-goldens.py with llama-cpp-python 0.3.36 on the same GGUF files).
///
/// llama.cpp rounds activations to 8 bits inside its quantized dot products, so an F32
/// implementation is not bit-equal to it: a correct one sits at a KL of a few 1e-3 nats.
@Suite struct ForwardGoldenTests {
  func check(_ path: String, fixture: String) throws {
    let golden = try LlamaCppGolden(fixture: "forward/\(fixture)")
    let result = try golden.compare(with: Transformer(path: path))
    print("forward vs llama.cpp (\(fixture)): \(result)")
    #expect(result.meanKL < 1e-2)
    #expect(result.maxKL < 3e-2)
    #expect(result.top1Mismatches.isEmpty, "\(result.top1Mismatches)")
    #expect(result.worstTop5Overlap >= 4)
  }

  @Test func smolLM2MatchesLlamaCpp() throws {
    try check(try TestModels.smollm2, fixture: "smollm2-135m")
  }

  @Test func gemma3MatchesLlamaCpp() throws {
    try check(try TestModels.gemma3, fixture: "gemma3-270m")
  }
}
