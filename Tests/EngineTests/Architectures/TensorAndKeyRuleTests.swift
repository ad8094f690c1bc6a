@testable import Engine
import Foundation
import ModelSynthesis
import Testing

/// Every tensor of a file is used or known to be unused, and every key under the
/// architecture's prefix is read or refused: nothing is ignored in silence.
@Suite struct TensorAndKeyRuleTests {
  /// A vocabulary of 32 byte-level tokens, enough for `SyntheticModel` to build a model on.
  static let vocabulary: GGUFFile = try! GGUFBuilder.parse(
    SyntheticModel.plainVocabulary().bytes(), name: "vocab.gguf")

  /// A model of d = 16 with two query heads sharing one key/value head.
  static func synthetic(architecture: String, layers: Int) -> SyntheticModel {
    var model = SyntheticModel(name: "rules", vocabulary: "test")
    model.architecture = architecture
    model.layers = layers
    model.width = 16
    model.heads = 2
    model.kvHeads = 1
    model.feedForward = 32
    return model
  }

  static func model(
    architecture: String = "llama", layers: Int = 1, _ edit: (inout GGUFWriter) -> Void = { _ in }
  ) throws -> GGUFFile {
    let model = synthetic(architecture: architecture, layers: layers)
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

  @Test(arguments: ArchitectureDescription.all.map(\.name))
  func everyArchitectureLoadsTheFileSyntheticModelWrites(_ name: String) throws {
    // On disk: a trace checks that the file it maps is still there.
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("lenscribe-rules-\(name)-\(UUID().uuidString).gguf")
    defer { try? FileManager.default.removeItem(at: url) }
    try Self.synthetic(architecture: name, layers: 2).write(
      to: url, vocabularyFile: Self.vocabulary)
    let model = try Transformer(path: url.path)
    #expect(model.config.architecture.name == name)
    let trace = try model.trace(tokens: [1, 2, 3])
    #expect(trace.logits.count == 3 * 32 && trace.logits.allSatisfy(\.isFinite))
  }

  @Test func qwen2NeedsItsBiases() throws {
    let file = try Self.model(architecture: "qwen2") { $0.remove("blk.0.attn_k.bias") }
    #expect(throws: GGUFError.missingTensor(file: "model.gguf", name: "blk.0.attn_k.bias")) {
      try Transformer(file: file)
    }
    let biases = try Transformer(file: Self.model(architecture: "qwen2")).weights.layers[0]
    #expect(biases.queryBias?.count == 16 && biases.keyBias?.count == 8)
  }

  @Test func phi3ReadsItsFusedMatricesAsRowsOfOne() throws {
    let file = try Self.model(architecture: "phi3")
    let layer = try Transformer(file: file).weights.layers[0]
    let qkv = try QuantizedMatrix(file: file, tensor: file.tensor(named: "blk.0.attn_qkv.weight"))
    #expect(layer.query.rows == 16 && layer.key.rows == 8 && layer.value.rows == 8)
    #expect(layer.key.row(3) == qkv.row(16 + 3) && layer.value.row(0) == qkv.row(24))
    let up = try QuantizedMatrix(file: file, tensor: file.tensor(named: "blk.0.ffn_up.weight"))
    #expect(layer.gate.row(5) == up.row(5) && layer.up.row(5) == up.row(32 + 5))
    // Long-context files carry longrope factors, which lenscribe does not apply.
    let long = try Self.model(architecture: "phi3") {
      $0.add("rope_factors_long.weight", shape: [4], values: [1, 1, 1, 1])
    }
    #expect(throws: ArchitectureError.unusedTensor(file: "model.gguf", tensor: "rope_factors_long.weight", architecture: "phi3")) {
      try Transformer(file: long)
    }
  }

  @Test func gemma2ReadsItsCapsWindowAndScale() throws {
    let plain = try ModelConfig(file: Self.model(architecture: "gemma2"))
    #expect(plain.attentionSoftCap == SoftCap(50) && plain.finalLogitSoftCap == SoftCap(30))
    #expect(plain.slidingWindow == 4096 && plain.isSliding(layer: 0) && !plain.isSliding(layer: 1))
    #expect(plain.attentionScale == 1 / Float(8).squareRoot())
    let capped = try ModelConfig(
      file: Self.model(architecture: "gemma2") {
        $0.set("gemma2.attn_logit_softcapping", .float32(20))
        $0.set("gemma2.attention.sliding_window", .uint32(512))
      })
    #expect(capped.attentionSoftCap == SoftCap(20) && capped.slidingWindow == 512)
    let zero = try Self.model(architecture: "gemma2") {
      $0.set("gemma2.final_logit_softcapping", .float32(0))
    }
    #expect(throws: ArchitectureError.self) { try ModelConfig(file: zero) }
    // 46 blocks is the 27B model: queries scaled by 1/sqrt(d / heads), here 1/sqrt(8) too,
    // so give it heads of another width to tell the rules apart.
    let wide = try ModelConfig(
      file: Self.model(architecture: "gemma2", layers: 46) {
        $0.set("gemma2.attention.key_length", .uint32(4))
        $0.set("gemma2.rope.dimension_count", .uint32(4))
        $0.set("gemma2.attention.value_length", .uint32(4))
      })
    #expect(wide.attentionScale == 1 / Float(8).squareRoot())
    // The output matrix is the embedding, always: llama.cpp never reads an output.weight.
    let untied = try Self.model(architecture: "gemma2") {
      $0.add("output.weight", shape: [16, 32], values: Array(repeating: 0, count: 512))
    }
    #expect(throws: ArchitectureError.unusedTensor(file: "model.gguf", tensor: "output.weight", architecture: "gemma2")) {
      try Transformer(file: untied)
    }
  }

  @Test func softCapKeepsValuesInsideTheCap() {
    let cap = SoftCap(30)
    #expect(abs(cap(30) - 30 * Float(tanh(1.0))) < 1e-5)
    #expect(cap(0) == 0 && cap(1e6) <= 30 && cap(-1e6) >= -30)
    #expect(abs(cap(0.3) - 0.3) < 1e-5)
  }

  @Test func blockPrefixesAreStrippedForTheUnusedList() {
    #expect(WeightLoader.blockless("blk.12.attn_rot_embd") == "attn_rot_embd")
    #expect(WeightLoader.blockless("rope_freqs.weight") == "rope_freqs.weight")
  }
}
