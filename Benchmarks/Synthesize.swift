import Engine
import Foundation
import ModelSynthesis
import Registry

/// `lenscribe-bench synthesize FOLDER`: writes every `SyntheticModel.oracleCases` model as
/// FOLDER/NAME.gguf, with the vocabulary from the cached llama.cpp test vocabularies, and
/// prints `NAME PATH SHA256` per model.
enum Synthesize {
  static func run(folder: String) throws {
    let vocabularies = ModelStore.cacheRoot().appendingPathComponent("llama-vocab")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for model in SyntheticModel.oracleCases {
      let vocabulary = try GGUFFile(
        path: vocabularies.appendingPathComponent("ggml-vocab-\(model.vocabulary).gguf").path)
      let url = URL(fileURLWithPath: folder).appendingPathComponent("\(model.name).gguf")
      let digest = try model.write(to: url, vocabularyFile: vocabulary)
      print(model.name, url.path, digest)
    }
  }
}
