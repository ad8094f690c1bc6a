import Engine
import Foundation
import Testing

@Suite struct GGUFFileTests {
  @Test func parsesEveryValueTypeAndNestedArrays() throws {
    typealias B = GGUFBuilder
    var builder = GGUFBuilder()
    builder.add("u8", type: 0, [200])
    builder.add("i8", type: 1, [0xFF])
    builder.add("u16", type: 2, B.le(UInt16(65000)))
    builder.add("i16", type: 3, B.le(Int16(-300)))
    builder.add("u32", type: 4, B.le(UInt32(4_000_000_000)))
    builder.add("i32", type: 5, B.le(Int32(-70000)))
    builder.add("f32", type: 6, B.float(1.5))
    builder.add("bool", type: 7, [1])
    builder.add("str", type: 8, B.string("héllo ▁"))
    builder.add("u64", type: 10, B.le(UInt64.max))
    builder.add("i64", type: 11, B.le(Int64.min))
    builder.add("f64", type: 12, B.double(-0.25))
    builder.add("strings", type: 9, B.array(type: 8, count: 2, elements: B.string("a") + B.string("")))
    let inner1 = B.array(type: 5, count: 2, elements: B.le(Int32(1)) + B.le(Int32(2)))
    let inner2 = B.array(type: 8, count: 1, elements: B.string("x"))
    builder.add("nested", type: 9, B.array(type: 9, count: 2, elements: inner1 + inner2))
    let file = try GGUFBuilder.parse(builder.bytes())
    #expect(file.metadata["u8"] == .uint8(200))
    #expect(file.metadata["i8"] == .int8(-1))
    #expect(file.metadata["u16"] == .uint16(65000))
    #expect(file.metadata["i16"] == .int16(-300))
    #expect(file.metadata["u32"] == .uint32(4_000_000_000))
    #expect(file.metadata["i32"] == .int32(-70000))
    #expect(file.metadata["f32"] == .float32(1.5))
    #expect(file.metadata["bool"] == .bool(true))
    #expect(file.metadata["str"] == .string("héllo ▁"))
    #expect(file.metadata["u64"] == .uint64(.max))
    #expect(file.metadata["i64"] == .int64(.min))
    #expect(file.metadata["f64"] == .float64(-0.25))
    #expect(try file.stringArray("strings") == ["a", ""])
    #expect(file.metadata["nested"] == .array(.array([.int32([1, 2]), .string(["x"])])))
    #expect(file.metadataKeys.first == "u8")
    #expect(file.tensors.isEmpty)
  }

  @Test func locatesTensorDataByOffsetAfterAlignment() throws {
    let file = try GGUFBuilder.parse(GGUFBuilder.sample(alignment: 64).bytes())
    #expect(file.alignment == 64)
    #expect(file.dataOffset % 64 == 0)
    let b = try file.tensor(named: "b.weight")
    #expect(b.shape == [3])
    #expect(b.type == .f32)
    let values = file.data(of: b).withMemoryRebound(to: Float.self) { Array($0) }
    #expect(values == [9, 10, 11])
    let a = try file.tensor(named: "a.weight")
    #expect(a.rowLength == 4 && a.rowCount == 2 && a.byteCount == 32)
  }

  @Test func typedAccessorsNameTheKeyWhenMissingOrMistyped() throws {
    let file = try GGUFBuilder.parse(GGUFBuilder.sample().bytes())
    #expect(try file.int("llama.block_count") == 2)
    #expect(try file.floatArray("test.values") == [0.5, -2])
    #expect(throws: GGUFError.missingKey(file: "test.gguf", key: "llama.nope")) {
      try file.int("llama.nope")
    }
    #expect(throws: GGUFError.wrongValueType(file: "test.gguf", key: "general.architecture", expected: "an integer", found: "STRING")) {
      try file.int("general.architecture")
    }
    #expect(throws: GGUFError.missingTensor(file: "test.gguf", name: "c.weight")) {
      try file.tensor(named: "c.weight")
    }
  }

  @Test("IQ4_NL and IQ4_XS tensors are read, and decode to gguf's values")
  func readsIQ4Tensors() throws {
    let folder = TestModels.fixtures.appendingPathComponent("quant")
    // The golden blocks: 128 IQ4_NL blocks of 32 values, 16 IQ4_XS super-blocks of 256.
    let cases: [(TensorType, [UInt64])] = [(.iq4_NL, [256, 16]), (.iq4_XS, [1024, 4])]
    var builder = GGUFBuilder()
    builder.add("general.architecture", type: 8, GGUFBuilder.string("llama"))
    for (type, dims) in cases {
      let blocks = try Data(contentsOf: folder.appendingPathComponent("random-\(type.name).blocks"))
      builder.addTensor("\(type.name).weight", dims: dims, type: type, bytes: [UInt8](blocks))
    }
    let file = try GGUFBuilder.parse(builder.bytes())
    for (type, dims) in cases {
      let tensor = try file.tensor(named: "\(type.name).weight")
      #expect(tensor.type == type && tensor.rowLength == Int(dims[0]))
      let expected = try Data(contentsOf: folder.appendingPathComponent("random-\(type.name).f32"))
      let values = try QuantizedMatrix(file: file, tensor: tensor).dequantized()
      #expect(values.withUnsafeBytes { Data($0) } == expected, "\(type.name)")
    }
  }

  @Test func version2IsReadLikeVersion3() throws {
    var builder = GGUFBuilder.sample()
    builder.version = 2
    #expect(try GGUFBuilder.parse(builder.bytes()).version == 2)
  }

  @Test func readsBothRealModels() throws {
    let smol = try GGUFFile(path: try TestModels.smollm2)
    #expect(smol.architecture == "llama")
    #expect(smol.tensors.count == 272)
    #expect(try smol.int("llama.embedding_length") == 576)
    #expect(try smol.tensor(named: "token_embd.weight").shape == [576, 49152])
    let gemma = try GGUFFile(path: try TestModels.gemma3)
    #expect(gemma.architecture == "gemma3")
    #expect(gemma.tensors.count == 236)
    #expect(try gemma.stringArray("tokenizer.ggml.tokens").count == 262_144)
    #expect(try gemma.tensor(named: "token_embd.weight").type == .q8_0)
  }
}
