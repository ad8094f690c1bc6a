import Engine
import Foundation
import Testing

/// Malformed files, built by hand: each must give its own `GGUFError`, never a crash.
@Suite struct GGUFHostileFileTests {
  typealias B = GGUFBuilder

  private func error(_ bytes: [UInt8]) -> GGUFError? {
    do {
      _ = try GGUFBuilder.parse(bytes)
      return nil
    } catch let error as GGUFError {
      return error
    } catch {
      Issue.record("unexpected error type \(error)")
      return nil
    }
  }

  @Test func wrongMagic() {
    var builder = B.sample()
    builder.magic = Array("GGML".utf8)
    #expect(error(builder.bytes()) == .badMagic(file: "test.gguf", found: "\"GGML\""))
    #expect(error(Array("<html>".utf8))?.description.contains("not a GGUF file") == true)
  }

  @Test func version1AndFutureVersions() {
    for version: UInt32 in [1, 4, 0x0300_0000] {
      var builder = B.sample()
      builder.version = version
      #expect(error(builder.bytes()) == .unsupportedVersion(file: "test.gguf", version: version))
    }
  }

  @Test func truncatedAtEveryByteIsAnError() {
    let bytes = B.sample().bytes()
    #expect(error(bytes) == nil)
    for length in 0..<bytes.count {
      let found = error(Array(bytes[0..<length]))
      #expect(found != nil, "truncated to \(length) bytes parsed")
      if let found {
        let isTruncation: Bool
        switch found {
        case .truncated, .badTensorOffset, .implausibleSize, .badMagic: isTruncation = true
        default: isTruncation = false
        }
        #expect(isTruncation, "length \(length): \(found)")
      }
    }
  }

  @Test func truncatedMessageNamesFileOffsetAndWhatWasExpected() {
    let bytes = B.sample().bytes()
    let message = error(Array(bytes[0..<10]))?.description ?? ""
    #expect(message == "test.gguf: file is truncated at byte 8: expected the tensor count; download the model again")
  }

  @Test func stringLongerThanTheFile() {
    var builder = B.sample()
    builder.add("x", type: 8, B.le(UInt64(1) << 40) + Array("abc".utf8))
    guard case .implausibleSize(_, _, let what, let value)? = error(builder.bytes()) else {
      Issue.record("expected implausibleSize")
      return
    }
    #expect(what == "length of the value of x")
    #expect(value == 1 << 40)
  }

  @Test func arrayLongerThanTheFile() {
    var builder = B.sample()
    builder.add("tokens", type: 9, B.array(type: 8, count: UInt64.max / 2, elements: []))
    guard case .implausibleSize(_, _, let what, _)? = error(builder.bytes()) else {
      Issue.record("expected implausibleSize")
      return
    }
    #expect(what == "element count of tokens")
  }

  @Test func metadataAndTensorCountsLargerThanTheFile() {
    var builder = B.sample()
    builder.metadataCountOverride = 1 << 50
    #expect(error(builder.bytes()).map { if case .implausibleSize = $0 { true } else { false } } == true)
    builder = B.sample()
    builder.tensorCountOverride = 1 << 50
    #expect(error(builder.bytes()).map { if case .implausibleSize = $0 { true } else { false } } == true)
  }

  @Test func arraysNestedTooDeep() {
    var value = B.array(type: 5, count: 0, elements: [])
    for _ in 0..<10 { value = B.array(type: 9, count: 1, elements: value) }
    var builder = B.sample()
    builder.add("deep", type: 9, value)
    #expect(error(builder.bytes()).map { if case .implausibleSize = $0 { true } else { false } } == true)
  }

  @Test func dimensionProductOverflowsOrIsZero() {
    for dims: [UInt64] in [[1 << 33, 1 << 33], [UInt64.max], [4, 0]] {
      var builder = B.sample()
      builder.tensors.append(("big", dims, 0, 0))
      guard case .badShape(_, "big", _)? = error(builder.bytes()) else {
        Issue.record("expected badShape for \(dims)")
        continue
      }
    }
  }

  @Test func tooManyDimensions() {
    var builder = B.sample()
    builder.tensors.append(("five", [1, 1, 1, 1, 1], 0, 0))
    #expect(error(builder.bytes())?.description.contains("5 dimensions") == true)
  }

  @Test func sizeInBytesOverflows() {
    var builder = B.sample()
    // 2^62 F32 elements are 2^64 bytes.
    builder.tensors.append(("huge", [1 << 31, 1 << 31], 0, 0))
    guard case .badShape(_, "huge", let problem)? = error(builder.bytes()) else {
      Issue.record("expected badShape")
      return
    }
    #expect(problem.contains("overflows"))
  }

  @Test func rowNotAWholeNumberOfBlocks() {
    var builder = B.sample()
    builder.tensors.append(("q", [30], TensorType.q4_0.rawValue, 0))
    #expect(error(builder.bytes()) == .badShape(file: "test.gguf", tensor: "q", problem: "row length 30 is not a multiple of Q4_0's block of 32"))
  }

  @Test func offsetOutsideTheDataSection() {
    var builder = B.sample()
    builder.tensors[1].offset = 1 << 20
    guard case .badTensorOffset(_, "b.weight", let problem)? = error(builder.bytes()) else {
      Issue.record("expected badTensorOffset")
      return
    }
    #expect(problem.contains("at offset 1048576 of the data section"))
    #expect(problem.contains("lies outside its"))
    builder = B.sample()
    builder.tensors[1].offset = UInt64.max - 31
    guard case .badTensorOffset(_, _, let wrapped)? = error(builder.bytes()) else {
      Issue.record("expected badTensorOffset for an offset near 2^64")
      return
    }
    // The offset as the file gives it, not wrapped around into a position inside the file.
    #expect(wrapped.contains("at offset \(UInt64.max - 31) of the data section"), "\(wrapped)")
  }

  @Test func misalignedOffset() {
    var builder = B.sample()
    builder.tensors[1].offset += 4
    guard case .badTensorOffset(_, "b.weight", let problem)? = error(builder.bytes()) else {
      Issue.record("expected badTensorOffset")
      return
    }
    #expect(problem.contains("not a multiple of the alignment 32"))
  }

  @Test func duplicateTensorNames() {
    var builder = B.sample()
    builder.tensors.append(("a.weight", [4], 0, 0))
    #expect(error(builder.bytes()) == .duplicateTensor(file: "test.gguf", name: "a.weight"))
  }

  @Test func duplicateMetadataKeys() {
    var builder = B.sample()
    builder.add("llama.block_count", type: 4, B.le(UInt32(3)))
    guard case .duplicateKey(_, _, "llama.block_count")? = error(builder.bytes()) else {
      Issue.record("expected duplicateKey")
      return
    }
  }

  @Test func unknownValueType() {
    var builder = B.sample()
    builder.add("odd", type: 13, [0, 0, 0, 0])
    guard case .unknownValueType(_, _, 13)? = error(builder.bytes()) else {
      Issue.record("expected unknownValueType")
      return
    }
    builder = B.sample()
    builder.add("odd-array", type: 9, B.array(type: 77, count: 1, elements: [0]))
    guard case .unknownValueType(_, _, 77)? = error(builder.bytes()) else {
      Issue.record("expected unknownValueType in an array")
      return
    }
  }

  @Test func unknownTensorType() {
    var builder = B.sample()
    builder.tensors[0].type = 4  // retired Q4_2
    #expect(error(builder.bytes()) == .unknownTensorType(file: "test.gguf", tensor: "a.weight", type: 4))
  }

  @Test func alignmentMustBeAPowerOfTwo() {
    for value: UInt32 in [0, 48] {
      var builder = B.sample()
      builder.add("general.alignment", type: 4, B.le(value))
      #expect(error(builder.bytes()) == .badAlignment(file: "test.gguf", value: UInt64(value)))
    }
  }

  @Test func missingFileIsUnreadable() {
    #expect(throws: GGUFError.unreadable(file: "/nonexistent/model.gguf", reason: "No such file or directory")) {
      try GGUFFile(path: "/nonexistent/model.gguf")
    }
  }
}
