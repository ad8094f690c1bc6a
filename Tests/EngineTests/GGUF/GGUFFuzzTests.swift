import Engine
import Foundation
import Testing

/// Truncates and bit-flips the real models' headers at many seeded positions: every variant
/// must parse or throw `GGUFError`; a crash or an out-of-bounds read would end the test run.
@Suite struct GGUFFuzzTests {
  /// SplitMix64: a small seeded generator, the same sequence on every machine.
  struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  struct Outcome {
    var parsed = 0
    var rejected: [String: Int] = [:]
  }

  /// Parses `bytes[0..<length]` in place and records the outcome.
  static func attempt(_ bytes: UnsafeMutableRawBufferPointer, length: Int, into outcome: inout Outcome) {
    let view = UnsafeRawBufferPointer(rebasing: bytes[0..<length])
    do {
      let file = try GGUFFile(mapping: MappedFile(unownedBytes: view, path: "fuzz.gguf"))
      // A file that parses must describe only data inside itself.
      for tensor in file.tensors {
        #expect(tensor.fileOffset + tensor.byteCount <= length)
      }
      outcome.parsed += 1
    } catch let error as GGUFError {
      let kind = Mirror(reflecting: error).children.first?.label ?? "\(error)"
      outcome.rejected[kind, default: 0] += 1
    } catch {
      Issue.record("not a GGUFError: \(error)")
    }
  }

  func fuzz(path: String, seed: UInt64, truncations: Int, flips: Int) throws -> Outcome {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let header = try GGUFFile(path: path).dataOffset
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: data.count, alignment: 64)
    defer { buffer.deallocate() }
    buffer.copyBytes(from: data)
    var random = SplitMix64(state: seed)
    var outcome = Outcome()
    // Truncations: anywhere in the header, and a few inside the tensor data.
    for index in 0..<truncations {
      let length = index % 8 == 7
        ? Int.random(in: header..<data.count, using: &random)
        : Int.random(in: 0..<header, using: &random)
      Self.attempt(buffer, length: length, into: &outcome)
      #expect(outcome.parsed == 0, "a file truncated to \(length) bytes parsed")
    }
    // Bit flips in the header (one to four bits at a time), each undone afterwards.
    for _ in 0..<flips {
      let count = Int.random(in: 1...4, using: &random)
      var positions: [(Int, UInt8)] = []
      for _ in 0..<count {
        // Bias towards the structural start of the file, where counts and lengths live.
        let limit = Bool.random(using: &random) ? min(header, 4096) : header
        let position = Int.random(in: 0..<limit, using: &random)
        let mask = UInt8(1) << UInt8.random(in: 0..<8, using: &random)
        positions.append((position, buffer[position]))
        buffer[position] ^= mask
      }
      Self.attempt(buffer, length: data.count, into: &outcome)
      for (position, original) in positions.reversed() { buffer[position] = original }
    }
    return outcome
  }

  @Test func smolLM2HeaderSurvivesTruncationAndBitFlips() throws {
    let outcome = try fuzz(path: try TestModels.smollm2, seed: 0x5EED_0001, truncations: 200, flips: 400)
    #expect(outcome.rejected.values.reduce(0, +) >= 200)
    print("GGUF fuzz (SmolLM2): \(outcome.parsed) parsed, rejected by kind: \(outcome.rejected.sorted { $0.key < $1.key })")
  }

  @Test func gemma3HeaderSurvivesTruncationAndBitFlips() throws {
    let outcome = try fuzz(path: try TestModels.gemma3, seed: 0x5EED_0002, truncations: 60, flips: 120)
    #expect(outcome.rejected.values.reduce(0, +) >= 60)
    print("GGUF fuzz (Gemma 3): \(outcome.parsed) parsed, rejected by kind: \(outcome.rejected.sorted { $0.key < $1.key })")
  }
}
