import Engine
import Foundation
import Testing

@Suite struct ModelConfigTests {
  typealias B = GGUFBuilder

  func llamaLike(architecture: String = "llama", embeddingRows: UInt64 = 4) -> GGUFBuilder {
    var builder = GGUFBuilder()
    builder.add("general.architecture", type: 8, B.string(architecture))
    for (key, value) in [("block_count", 1), ("embedding_length", 8), ("feed_forward_length", 16), ("attention.head_count", 2), ("context_length", 32)] {
      builder.add("\(architecture).\(key)", type: 4, B.le(UInt32(value)))
    }
    builder.add("\(architecture).attention.layer_norm_rms_epsilon", type: 6, B.float(1e-5))
    builder.addF32Tensor("token_embd.weight", dims: [8, embeddingRows], values: Array(repeating: 0.5, count: 8 * Int(embeddingRows)))
    return builder
  }

  @Test func readsTheSmolLM2Configuration() throws {
    let config = try ModelConfig(file: GGUFFile(path: try TestModels.smollm2))
    #expect(config.architecture == .llama)
    #expect(config.layerCount == 30 && config.embeddingLength == 576 && config.feedForwardLength == 1536)
    #expect(config.headCount == 9 && config.kvHeadCount == 3 && config.headDimension == 64)
    #expect(config.ropeBase == 100_000 && config.ropePairing == .adjacent)
    #expect(config.vocabularySize == 49152 && config.slidingWindow == nil)
  }

  @Test func readsTheGemma3Configuration() throws {
    let config = try ModelConfig(file: GGUFFile(path: try TestModels.gemma3))
    #expect(config.architecture == .gemma3)
    #expect(config.layerCount == 18 && config.embeddingLength == 640 && config.headDimension == 256)
    #expect(config.headCount == 4 && config.kvHeadCount == 1)
    #expect(config.ropeBase == 1_000_000 && config.ropeBaseSliding == 10_000 && config.ropePairing == .halves)
    #expect(config.attentionScale == 1 / 16 && config.embeddingScale == Float(640).squareRoot())
    #expect(config.activation == .geluTanh && config.vocabularySize == 262_144)
  }

  @Test func anotherArchitectureIsAnErrorNamingIt() throws {
    let file = try B.parse(llamaLike(architecture: "mamba").bytes())
    #expect(throws: ArchitectureError.unsupportedArchitecture(file: "test.gguf", name: "mamba")) {
      try ModelConfig(file: file)
    }
  }

  @Test func missingTensorAndWrongShapeAreErrorsNamingTheTensor() throws {
    let file = try B.parse(llamaLike().bytes())
    let config = try ModelConfig(file: file)
    #expect(config.vocabularySize == 4)
    #expect(throws: GGUFError.missingTensor(file: "test.gguf", name: "blk.0.attn_norm.weight")) {
      try ModelWeights(file: file, config: config)
    }
    var builder = llamaLike()
    builder.addF32Tensor("blk.0.attn_norm.weight", dims: [7], values: Array(repeating: 1, count: 7))
    let bad = try B.parse(builder.bytes())
    #expect(throws: ArchitectureError.wrongShape(file: "test.gguf", tensor: "blk.0.attn_norm.weight", expected: [8], found: [7])) {
      try ModelWeights(file: bad, config: try ModelConfig(file: bad))
    }
  }

  @Test func headCountsThatDoNotDivideAreRejected() throws {
    var builder = llamaLike()
    builder.add("llama.attention.head_count_kv", type: 4, B.le(UInt32(3)))
    let file = try B.parse(builder.bytes())
    #expect(throws: ArchitectureError.self) { try ModelConfig(file: file) }
  }
}
