import Engine
import Foundation

/// A small model with random weights and a real vocabulary, written as a GGUF file that
/// llama.cpp loads: the oracle for architectures and options no real model here has.
///
/// The weights come from a seeded SplitMix64 stream in a fixed order, so the same description
/// always gives the same bytes on every machine. `scripts/make-oracle-goldens.py` runs
/// llama.cpp on the files (written by `lenscribe-bench synthesize`) and records their SHA-256
/// beside the logits; the tests write the files again and check that digest first.
///
/// The scales make the output peaked (a flat distribution would agree with anything): each
/// matrix is uniform with a standard deviation of `gain / sqrt(columns)`, the embedding is
/// uniform in [-1, 1] and the output norm's weights are about 2.
public struct SyntheticModel: Sendable {
  /// A name for files and fixtures.
  public var name: String
  public var architecture: String = "llama"
  /// `ggml-vocab-NAME.gguf` from llama.cpp's test vocabularies.
  public var vocabulary: String
  public var layers = 2
  public var width = 64
  public var heads = 4
  public var kvHeads = 2
  public var feedForward = 128
  /// Query/key/value width per head when it is not `width / heads` (`attention.key_length`).
  public var headWidth: Int?
  public var contextLength = 256
  public var ropeBase: Float = 500_000
  public var normEpsilon: Float = 1e-5
  /// Llama 3's RoPE frequency factors (`rope_freqs.weight`) for this original context, or
  /// none.
  public var ropeFactorsContext: Int?
  /// Keys under the architecture's prefix beyond the common ones (sliding windows, caps).
  public var extraMetadata: [String: GGUFValue] = [:]
  public var seed: UInt64 = 1
  /// Standard deviation times sqrt(columns) of the attention and FFN weights.
  public var gain: Float = 1.5
  /// How the embedding and the matrices are stored: F32 (the oracle's cases), or Q8_0 with
  /// random codes, made one tensor at a time as the file is written (a 7B-shaped model would
  /// not fit in memory as floats).
  public var matrixType: TensorType = .f32
  /// An `output.weight` of its own instead of the tied embedding.
  public var untiedOutput = false

  public init(name: String, vocabulary: String) {
    self.name = name
    self.vocabulary = vocabulary
  }

  /// The cases the oracle tests and `make-oracle-goldens.py` share.
  public static let oracleCases: [SyntheticModel] = {
    var plain = SyntheticModel(name: "llama3-tiny", vocabulary: "llama-bpe")
    plain.seed = 3
    var factors = SyntheticModel(name: "llama3-tiny-rope-freqs", vocabulary: "llama-bpe")
    factors.seed = 31
    factors.ropeFactorsContext = 256
    var qwen2 = SyntheticModel(name: "qwen2-tiny", vocabulary: "qwen2")
    qwen2.architecture = "qwen2"
    qwen2.ropeBase = 1_000_000
    qwen2.normEpsilon = 1e-6
    qwen2.seed = 5
    var qwen3 = SyntheticModel(name: "qwen3-tiny", vocabulary: "qwen2")
    qwen3.architecture = "qwen3"
    qwen3.headWidth = 32  // 4 heads of 32 over a residual of 64, as Qwen 3's 128-wide heads
    qwen3.ropeBase = 1_000_000
    qwen3.normEpsilon = 1e-6
    qwen3.seed = 7
    var phi3 = SyntheticModel(name: "phi3-tiny", vocabulary: "phi-3")
    phi3.architecture = "phi3"
    phi3.ropeBase = 10_000
    phi3.seed = 17
    phi3.extraMetadata = ["attention.sliding_window": .uint32(6)]
    // Two layers: layer 0 slides over a window shorter than the prompts, layer 1 is global;
    // caps small enough to bend the scores and logits of these weights.
    var gemma2 = SyntheticModel(name: "gemma2-tiny", vocabulary: "llama-spm")
    gemma2.architecture = "gemma2"
    gemma2.ropeBase = 10_000
    gemma2.normEpsilon = 1e-6
    gemma2.seed = 11
    gemma2.gain = 3  // scores large enough for a cap of 1 to bend them
    gemma2.extraMetadata = [
      "attention.sliding_window": .uint32(6), "attn_logit_softcapping": .float32(1),
      "final_logit_softcapping": .float32(40),
    ]
    // Six layers: five sliding with their own RoPE base, the sixth global.
    var gemma3 = SyntheticModel(name: "gemma3-tiny", vocabulary: "llama-spm")
    gemma3.architecture = "gemma3"
    gemma3.layers = 6
    gemma3.ropeBase = 1_000_000
    gemma3.normEpsilon = 1e-6
    gemma3.seed = 13
    gemma3.extraMetadata = [
      "attention.sliding_window": .uint32(6), "rope.freq_base_swa": .float32(10_000),
    ]
    return [plain, factors, qwen2, qwen3, phi3, gemma2, gemma3]
  }()

  /// Llama 2 7B's shapes and hyper-parameters with its SentencePiece vocabulary, in Q8_0 (the
  /// input of llama.cpp's quantizer for `lenscribe-bench scale`).
  public static let llama2_7B: SyntheticModel = {
    var model = SyntheticModel(name: "llama2-7b-shaped", vocabulary: "llama-spm")
    model.layers = 32
    model.width = 4096
    model.heads = 32
    model.kvHeads = 32
    model.feedForward = 11008
    model.contextLength = 4096
    model.ropeBase = 10_000
    model.matrixType = .q8_0
    model.untiedOutput = true
    model.seed = 7
    return model
  }()

  public var headDimension: Int { headWidth ?? width / heads }

  /// The description of `architecture`, which says which tensors the file has.
  var architectureDescription: ArchitectureDescription {
    guard let description = ArchitectureDescription.named(architecture) else {
      preconditionFailure("no architecture \(architecture)")
    }
    return description
  }

  /// Llama 3.1's frequency factors (`rope_scaling` of type llama3: factor 8, low-frequency
  /// factor 1, high-frequency factor 4) for an original context of `context` tokens: 1 for
  /// wavelengths under context/4, 8 over context, a smooth blend between.
  public static func llama3RopeFactors(dimensions: Int, base: Float, context: Int) -> [Float] {
    let (factor, low, high) = (8.0, 1.0, 4.0)
    let lowWavelength = Double(context) / low
    let highWavelength = Double(context) / high
    return (0..<(dimensions / 2)).map { pair in
      let frequency = pow(Double(base), -2 * Double(pair) / Double(dimensions))
      let wavelength = 2 * Double.pi / frequency
      if wavelength < highWavelength { return 1 }
      if wavelength > lowWavelength { return Float(factor) }
      let smooth = (Double(context) / wavelength - low) / (high - low)
      return Float(1 / ((1 - smooth) / factor + smooth))
    }
  }

  /// A vocabulary of `count` byte-level tokens named t0, t1, ...: enough to build a model on
  /// where the tokenizer does not matter.
  public static func plainVocabulary(_ count: Int = 32) -> GGUFWriter {
    var writer = GGUFWriter()
    writer.set("tokenizer.ggml.model", .string("gpt2"))
    writer.set("tokenizer.ggml.tokens", .array(.string((0..<count).map { "t\($0)" })))
    return writer
  }

  /// The GGUF file, with the `tokenizer.*` metadata of `vocabularyFile`.
  public func gguf(vocabularyFile: GGUFFile) throws -> GGUFWriter {
    let tokens = try vocabularyFile.stringArray("tokenizer.ggml.tokens").count
    var writer = GGUFWriter()
    let a = architecture
    writer.set("general.architecture", .string(a))
    writer.set("general.name", .string(name))
    writer.set("\(a).context_length", .uint32(UInt32(contextLength)))
    writer.set("\(a).embedding_length", .uint32(UInt32(width)))
    writer.set("\(a).block_count", .uint32(UInt32(layers)))
    writer.set("\(a).feed_forward_length", .uint32(UInt32(feedForward)))
    writer.set("\(a).attention.head_count", .uint32(UInt32(heads)))
    writer.set("\(a).attention.head_count_kv", .uint32(UInt32(kvHeads)))
    writer.set("\(a).rope.dimension_count", .uint32(UInt32(headDimension)))
    writer.set("\(a).rope.freq_base", .float32(ropeBase))
    writer.set("\(a).attention.layer_norm_rms_epsilon", .float32(normEpsilon))
    writer.set("\(a).vocab_size", .uint32(UInt32(tokens)))
    if headWidth != nil {
      writer.set("\(a).attention.key_length", .uint32(UInt32(headDimension)))
      writer.set("\(a).attention.value_length", .uint32(UInt32(headDimension)))
    }
    for (key, value) in extraMetadata.sorted(by: { $0.key < $1.key }) {
      writer.set("\(a).\(key)", value)
    }
    for key in vocabularyFile.metadataKeys where key.hasPrefix("tokenizer.") {
      writer.set(key, vocabularyFile.metadata[key]!)
    }

    var random = SplitMix64(seed: seed)
    let d = width
    let kvWidth = kvHeads * headDimension
    func uniform(_ name: String, rows: Int, columns: Int, half: Float) {
      switch matrixType {
      case .q8_0:
        let seed = random.next()
        writer.add(
          name, shape: [columns, rows], type: .q8_0, byteCount: rows * columns / 32 * 34,
          produce: { Self.randomQ8_0(rows * columns / 32, half: half, seed: seed) })
      case .f32:
        writer.add(name, shape: [columns, rows], values: random.uniform(rows * columns, half: half))
      default:
        preconditionFailure("SyntheticModel writes matrices as F32 or Q8_0, not \(matrixType.name)")
      }
    }
    func matrix(_ name: String, rows: Int, columns: Int) {
      // uniform in [-h, h] has a standard deviation of h / sqrt(3)
      let half = gain * Float(3).squareRoot() / Float(columns).squareRoot()
      uniform(name, rows: rows, columns: columns, half: half)
    }
    func norm(_ name: String, count: Int, around center: Float = 1) {
      writer.add(name, shape: [count], values: random.uniform(count, half: 0.2).map { center + $0 })
    }
    uniform("token_embd.weight", rows: tokens, columns: d, half: 1)
    if let context = ropeFactorsContext {
      writer.add(
        "rope_freqs.weight", shape: [headDimension / 2],
        values: Self.llama3RopeFactors(dimensions: headDimension, base: ropeBase, context: context))
    }
    let described = architectureDescription
    for layer in 0..<layers {
      let p = "blk.\(layer)."
      norm(p + "attn_norm.weight", count: d)
      if described.fusesProjections {
        matrix(p + "attn_qkv.weight", rows: heads * headDimension + 2 * kvWidth, columns: d)
      } else {
        matrix(p + "attn_q.weight", rows: heads * headDimension, columns: d)
        matrix(p + "attn_k.weight", rows: kvWidth, columns: d)
        matrix(p + "attn_v.weight", rows: kvWidth, columns: d)
      }
      if described.biasesQueriesKeysValues {
        for (name, count) in [("q", heads * headDimension), ("k", kvWidth), ("v", kvWidth)] {
          writer.add(
            p + "attn_\(name).bias", shape: [count], values: random.uniform(count, half: 0.5))
        }
      }
      if described.normsQueriesAndKeys {
        norm(p + "attn_q_norm.weight", count: headDimension)
        norm(p + "attn_k_norm.weight", count: headDimension)
      }
      matrix(p + "attn_output.weight", rows: d, columns: heads * headDimension)
      if described.normsSublayerOutputs { norm(p + "post_attention_norm.weight", count: d) }
      norm(p + "ffn_norm.weight", count: d)
      if described.fusesProjections {
        matrix(p + "ffn_up.weight", rows: 2 * feedForward, columns: d)
      } else {
        matrix(p + "ffn_gate.weight", rows: feedForward, columns: d)
        matrix(p + "ffn_up.weight", rows: feedForward, columns: d)
      }
      matrix(p + "ffn_down.weight", rows: d, columns: feedForward)
      if described.normsSublayerOutputs { norm(p + "post_ffw_norm.weight", count: d) }
    }
    norm("output_norm.weight", count: d, around: 2)
    if untiedOutput { uniform("output.weight", rows: tokens, columns: d, half: 1) }
    return writer
  }

  /// `count` Q8_0 blocks of codes uniform in -127...127 under one scale, values in about
  /// [-half, half].
  static func randomQ8_0(_ count: Int, half: Float, seed: UInt64) -> [UInt8] {
    var random = SplitMix64(seed: seed)
    let scale = withUnsafeBytes(of: Float16(half / 127).bitPattern.littleEndian) { Array($0) }
    var bytes = [UInt8](repeating: 0, count: count * 34)
    bytes.withUnsafeMutableBufferPointer { out in
      for block in 0..<count {
        let base = block * 34
        out[base] = scale[0]
        out[base + 1] = scale[1]
        for word in 0..<4 {
          var bits = random.next()
          for byte in 0..<8 {
            out[base + 2 + word * 8 + byte] = UInt8(bitPattern: Int8(Int(bits & 0xFF) % 255 - 127))
            bits >>= 8
          }
        }
      }
    }
    return bytes
  }

  /// Writes the model to `url` and returns the file's SHA-256.
  @discardableResult
  public func write(to url: URL, vocabularyFile: GGUFFile) throws -> String {
    try gguf(vocabularyFile: vocabularyFile).write(to: url)
  }
}
