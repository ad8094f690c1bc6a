import Engine
import Foundation
import Registry

/// llama.cpp's tokenizer test vectors (`models/ggml-vocab-*.gguf` with `.inp`/`.out`), fetched
/// into the cache by `make tokenizer-vectors` (scripts/fetch-tokenizer-vectors.sh).
///
/// The format is `tests/test-tokenizer-0.cpp`'s: the inputs separated by
/// `"\n__ggml_vocab_test__\n"`, one line of space-separated ids per input, the cases kept in a
/// map (a repeated input keeps its last ids), tokenized without BOS and without parsing special
/// tokens.
enum LlamaVocabVectors {
  struct Case {
    let input: [UInt8]
    let ids: [Int]
  }

  /// The folder with the vocabularies.
  static var folder: URL {
    ModelStore.cacheRoot().appendingPathComponent("llama-vocab")
  }

  /// The vocabulary file `ggml-vocab-NAME.gguf`, or an error that says how to fetch it.
  static func vocabulary(_ name: String) throws -> String {
    let path = folder.appendingPathComponent("ggml-vocab-\(name).gguf").path
    guard FileManager.default.fileExists(atPath: path) else {
      throw VectorsMissing(path: path)
    }
    return path
  }

  /// The cases of vocabulary `name`, sorted by input bytes (as the C++ map orders them).
  static func cases(_ name: String) throws -> [Case] {
    let path = try vocabulary(name)
    guard let input = FileManager.default.contents(atPath: path + ".inp"),
      let output = FileManager.default.contents(atPath: path + ".out")
    else { throw VectorsMissing(path: path + ".inp") }
    let inputs = split(Array(input), on: Array("\n__ggml_vocab_test__\n".utf8))
    var lines = String(decoding: output, as: UTF8.self).components(separatedBy: "\n")
    if lines.last == "" { lines.removeLast() }
    guard inputs.count == lines.count else {
      throw BadVectors(path: path, problem: "\(inputs.count) inputs, \(lines.count) outputs")
    }
    var table: [[UInt8]: [Int]] = [:]
    for (text, line) in zip(inputs, lines) {
      let fields = line.split(separator: " ", omittingEmptySubsequences: true)
      let ids = try fields.map { field -> Int in
        guard let id = Int(field) else { throw BadVectors(path: path, problem: "id '\(field)'") }
        return id
      }
      table[text] = ids
    }
    return table.map { Case(input: $0.key, ids: $0.value) }
      .sorted { $0.input.lexicographicallyPrecedes($1.input) }
  }

  /// `bytes` split on `separator` (C++ `find` loop of test-tokenizer-0).
  private static func split(_ bytes: [UInt8], on separator: [UInt8]) -> [[UInt8]] {
    var parts: [[UInt8]] = []
    var start = 0
    var position = 0
    while position <= bytes.count - separator.count {
      if bytes[position..<(position + separator.count)].elementsEqual(separator) {
        parts.append(Array(bytes[start..<position]))
        position += separator.count
        start = position
      } else {
        position += 1
      }
    }
    if start < bytes.count { parts.append(Array(bytes[start...])) }
    return parts
  }

  struct VectorsMissing: Error, CustomStringConvertible {
    let path: String
    var description: String {
      "llama.cpp's tokenizer test vectors are not in the cache (\(path) is missing): "
        + "run `make tokenizer-vectors` (scripts/fetch-tokenizer-vectors.sh) once"
    }
  }

  struct BadVectors: Error, CustomStringConvertible {
    let path: String
    let problem: String
    var description: String { "\(path): cannot read the test vectors: \(problem)" }
  }
}
