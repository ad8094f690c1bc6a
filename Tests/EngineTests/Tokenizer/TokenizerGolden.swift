import Foundation

/// A committed table of llama.cpp's tokenizations of one registry model
/// (`Fixtures/tokenizer/<model>.json`, written by scripts/make-tokenizer-goldens.py).
struct TokenizerGolden: Decodable {
  struct Case: Decodable {
    let name: String
    /// The exact input bytes, as hex.
    let hex: String
    let text: String
    /// No BOS, special-token text as text.
    let ids: [Int]
    /// BOS as the model's metadata asks.
    let idsDefault: [Int]
    /// No BOS, special-token text parsed.
    let idsSpecial: [Int]
    /// llama.cpp's piece of each id of `ids`, as hex.
    let pieces: [String]

    var bytes: [UInt8] { TokenizerGolden.bytes(hex: hex) }

    enum CodingKeys: String, CodingKey {
      case name, hex, text, ids, pieces
      case idsDefault = "ids_default"
      case idsSpecial = "ids_special"
    }
  }

  let model: String
  let file: String
  let vocabularySize: Int
  let bos: Int
  let addsBOS: Bool
  let cases: [Case]

  enum CodingKeys: String, CodingKey {
    case model, file, bos, cases
    case vocabularySize = "vocabulary_size"
    case addsBOS = "adds_bos"
  }

  /// The golden table of registry model `name` from the test fixtures.
  static func load(_ name: String) throws -> TokenizerGolden {
    let url = TestModels.fixtures.appendingPathComponent("tokenizer/\(name).json")
    return try JSONDecoder().decode(TokenizerGolden.self, from: Data(contentsOf: url))
  }

  static func bytes(hex: String) -> [UInt8] {
    var result: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
      let next = hex.index(index, offsetBy: 2)
      result.append(UInt8(hex[index..<next], radix: 16)!)
      index = next
    }
    return result
  }
}
