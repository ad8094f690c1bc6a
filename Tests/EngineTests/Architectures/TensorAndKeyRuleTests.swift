@testable import Engine
import Foundation
import ModelSynthesis
import Testing

/// Every tensor of a file is used or known to be unused, and every key under the
/// architecture's prefix is read or refused: nothing is ignored in silence.
@Suite struct TensorAndKeyRuleTests {
  /// A vocabulary of 32 byte-level tokens, enough for `SyntheticModel` to build a model on.
  static let vocabulary: GGUFFile = {
    var writer = GGUFWriter()
    writer.set("tokenizer.ggml.model", .string("gpt2"))
    writer.set("tokenizer.ggml.tokens", .array(.string((0..<32).map { "t\($0)" })))
    return try! GGUFBuilder.parse(writer.bytes(), name: "vocab.gguf")
  }()

  static func model(_ edit: (inout GGUFWriter) -> Void = { _ in }) throws -> GGUFFile {
    var model = SyntheticModel(name: "rules", vocabulary: "test")
    model.width = 16
    model.heads = 2
    model.kvHeads = 1
    model.feedForward = 32
    model.layers = 1
    var writer = try model.gguf(vocabularyFile: vocabulary)
    edit(&writer)
    return try GGUFBuilder.parse(writer.bytes(), name: "model.gguf")
  }

  @Test func aWellFormedModelLoads() throws {
    let file = try Self.model()
    let model = try Transformer(file: file)
    #expect(model.weights.ropeFrequencyFactors == nil)
    #expect(model.config.architecture == .llama)
  }

  @Test func anExtraTensorIsRefusedWithItsName() throws {
    let file = try Self.model { $0.add("blk.0.attn_q.bias", shape: [16], values: Array(repeating: 0, count: 16)) }
    #expect(throws: ArchitectureError.unusedTensor(file: "model.gguf", tensor: "blk.0.attn_q.bias", architecture: "llama")) {
      try Transformer(file: file)
    }
  }

  @Test func ropeFrequencyFactorsAreLoadedAndChecked() throws {
    let file = try Self.model { $0.add("rope_freqs.weight", shape: [4], values: [1, 2, 4, 8]) }
    #expect(try Transformer(file: file).weights.ropeFrequencyFactors == [1, 2, 4, 8])
    let wrong = try Self.model { $0.add("rope_freqs.weight", shape: [3], values: [1, 2, 4]) }
    #expect(throws: ArchitectureError.wrongShape(file: "model.gguf", tensor: "rope_freqs.weight", expected: [4], found: [3])) {
      try Transformer(file: wrong)
    }
    let zero = try Self.model { $0.add("rope_freqs.weight", shape: [4], values: [1, 0, 4, 8]) }
    #expect(throws: ArchitectureError.self) { try Transformer(file: zero) }
  }

  @Test func anUnknownKeyIsRefusedWithItsName() throws {
    let file = try Self.model { $0.set("llama.attention.scale", .float32(0.5)) }
    #expect(throws: ArchitectureError.unknownKey(file: "model.gguf", key: "llama.attention.scale", architecture: "llama")) {
      try ModelConfig(file: file)
    }
  }

  @Test func knownKeysWithValuesLenscribeDoesNotComputeAreRefused() throws {
    for (key, value) in [
      ("llama.rope.scaling.type", GGUFValue.string("yarn")),
      ("llama.rope.scaling.attn_factor", .float32(0.9)),
      ("llama.expert_count", .uint32(8)),
    ] {
      let file = try Self.model { $0.set(key, value) }
      #expect(throws: ArchitectureError.self) { try ModelConfig(file: file) }
      do {
        _ = try ModelConfig(file: file)
      } catch {
        #expect("\(error)".contains(key), "\(error)")
      }
    }
  }

  @Test func ropeScalingFollowsLlamaCpp() throws {
    // The type defaults to linear: a factor alone applies; with type none it does not.
    let alone = try Self.model { $0.set("llama.rope.scaling.factor", .float32(4)) }
    #expect(try ModelConfig(file: alone).ropeFrequencyScale == 0.25)
    let none = try Self.model {
      $0.set("llama.rope.scaling.type", .string("none"))
      $0.set("llama.rope.scaling.factor", .float32(4))
    }
    #expect(try ModelConfig(file: none).ropeFrequencyScale == 1)
    let old = try Self.model { $0.set("llama.rope.scale_linear", .float32(2)) }
    #expect(try ModelConfig(file: old).ropeFrequencyScale == 0.5)
  }

  @Test func blockPrefixesAreStrippedForTheUnusedList() {
    #expect(WeightLoader.blockless("blk.12.attn_rot_embd") == "attn_rot_embd")
    #expect(WeightLoader.blockless("rope_freqs.weight") == "rope_freqs.weight")
  }
}
