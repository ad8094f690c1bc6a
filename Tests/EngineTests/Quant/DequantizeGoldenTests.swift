import Foundation
import Testing

import Engine

/// Dequantizers against `gguf.quants.dequantize` (Python), on blocks from the real models and
/// random blocks, written by scripts/make-quant-goldens.py.
///
/// Every comparison is bit for bit: each decoder performs the reference's float operations in
/// the reference's order (for example `d * q + m` as a rounded product, then a rounded sum, and
/// `(d * scale) * q` for the K-quants), so no tolerance is needed anywhere.
@Suite("Dequantize goldens")
struct DequantizeGoldenTests {
  struct Case: Decodable, CustomStringConvertible {
    let name: String
    let type: String
    let source: String
    let tensor: String?
    let blocks: Int
    let blockIndices: [Int]?
    var description: String { name }
  }

  struct Manifest: Decodable {
    let cases: [Case]
  }

  static let folder = TestModels.fixtures.appendingPathComponent("quant")

  static let cases: [Case] = {
    let url = folder.appendingPathComponent("manifest.json")
    guard let data = try? Data(contentsOf: url),
      let manifest = try? JSONDecoder().decode(Manifest.self, from: data)
    else { return [] }
    return manifest.cases
  }()

  static func tensorType(named name: String) -> TensorType? {
    TensorType.allCases.first { $0.name == name }
  }

  @Test("the goldens cover every supported type, real-model blocks where the models have them")
  func coverage() throws {
    let cases = Self.cases
    #expect(cases.count == 22)
    let randomTypes = Set(cases.filter { $0.source == "random" }.map(\.type))
    #expect(randomTypes == Set(QuantTestData.supported.map(\.name)))
    let real = Set(cases.filter { $0.source != "random" }.map { "\($0.source) \($0.type)" })
    #expect(
      real == [
        "smollm2-135m Q4_1", "smollm2-135m Q8_0", "smollm2-135m F32", "gemma3-270m Q4_K",
        "gemma3-270m Q6_K", "gemma3-270m Q5_0", "gemma3-270m Q8_0",
      ])
  }

  @Test("dequantized values equal gguf's bit for bit", arguments: cases)
  func golden(_ golden: Case) throws {
    let type = try #require(Self.tensorType(named: golden.type))
    let blocks = try Data(contentsOf: Self.folder.appendingPathComponent(golden.name + ".blocks"))
    let expected = try Data(contentsOf: Self.folder.appendingPathComponent(golden.name + ".f32"))
    #expect(blocks.count == golden.blocks * type.bytesPerBlock)
    let count = golden.blocks * type.blockSize
    #expect(expected.count == count * 4)

    // One row per block exercises the row addressing too; one long row the block loop.
    let box = ByteBox([UInt8](blocks))
    let byBlock = try box.matrix(type, rows: golden.blocks, columns: type.blockSize)
      .dequantized()
    let asRow = try box.matrix(type, rows: 1, columns: count).dequantized()
    let want = expected.withUnsafeBytes { raw in
      (0..<count).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self) }
    }
    let mismatches = (0..<count).filter {
      byBlock[$0].bitPattern != want[$0] || asRow[$0].bitPattern != want[$0]
    }
    let first = mismatches.first ?? 0
    let mismatchCount = mismatches.count
    let message =
      "\(mismatchCount) of \(count) values differ, first at \(first): \(byBlock[first]), "
      + "\(asRow[first]) != \(Float(bitPattern: want[first]))"
    #expect(mismatchCount == 0, Comment(rawValue: message))
  }

  @Test("the real-model goldens hold the model's own bytes", arguments: cases.filter {
    $0.source != "random"
  })
  func realBlocks(_ golden: Case) throws {
    let path = try golden.source == "smollm2-135m" ? TestModels.smollm2 : TestModels.gemma3
    let file = try GGUFFile(path: path)
    let tensor = try file.tensor(named: try #require(golden.tensor))
    let type = try #require(Self.tensorType(named: golden.type))
    #expect(tensor.type == type)
    let data = file.data(of: tensor)
    let blocks = try Data(contentsOf: Self.folder.appendingPathComponent(golden.name + ".blocks"))
    let size = type.bytesPerBlock
    for (position, index) in try #require(golden.blockIndices).enumerated() {
      let stored = Array(data[(index * size)..<((index + 1) * size)])
      let golden = Array(blocks[(position * size)..<((position + 1) * size)])
      #expect(stored == golden, "block \(index) of \(tensor.name)")
    }
  }

  @Test("a whole 1-D tensor read through the GGUF file: SmolLM2's first norm weight")
  func normWeight() throws {
    let file = try GGUFFile(path: TestModels.smollm2)
    let tensor = try file.tensor(named: "blk.0.attn_norm.weight")
    let values = try QuantizedMatrix.dequantize(file: file, tensor: tensor)
    let expected = try Data(
      contentsOf: Self.folder.appendingPathComponent("smollm2-135m-F32.f32"))
    #expect(values.count == 576)
    #expect(values.withUnsafeBytes { Data($0) } == expected)
  }
}
