import Analysis
import Engine
import Foundation
import Registry
import Testing

@Suite struct MassiveActivationsTests {
  /// Three positions of width 4, two layers: every value 1 or -1 but one of 5000 (layer 2,
  /// position 0, dimension 1) and one of -150 (layer 1, position 2, dimension 3).
  @Test func handMadeTrace() throws {
    // Attention: 3/4 on the first key, 1/4 on the query itself.
    let trace = try Synthetic.trace(
      tokens: [7, 8, 9], layers: 2, width: 4,
      row: { layer, position in
        var row: [Float] = [1, -1, 1, -1]
        if layer == 2 && position == 0 { row[1] = 5000 }
        if layer == 1 && position == 2 { row[3] = -150 }
        return row
      },
      pattern: { _, _, query, key in
        query == 0 ? (key == 0 ? 1 : 0) : key == 0 ? 0.75 : key == query ? 0.25 : 0
      })
    let result = try MassiveActivations(trace: trace, options: .init(ratio: 100, floor: 100))
    #expect(result.layers.map(\.median) == [1, 1, 1])
    #expect(result.layers.map(\.ratio) == [1, 150, 5000])
    #expect(result.layers.map(\.massiveCount) == [0, 1, 1])
    let largest = result.layers[2].largest
    #expect(largest.layer == 2 && largest.position == 0 && largest.dimension == 1)
    #expect(largest.value == 5000)
    #expect(result.firstLayer == 1)
    // Both massive in one row; the larger peak first.
    #expect(result.dimensions.map(\.dimension) == [1, 3])
    let second = result.dimensions[1]
    #expect(second.layers == [1] && second.positions == [2] && second.peak == -150)
    #expect(result.findings[0].hasPrefix("Massive activations (over 100 and over 100× "))
    #expect(result.findings[0].contains("layer 1: dimension 3 at position 2 (\"9\") holds -150"))
    #expect(result.findings[1].contains("5000 at layer 2"))
    // Block 1 reads row 1, where position 2 is massive: query 2 puts 1/4 on it, query 1 cannot
    // see it; an even spread gives it 0 and 1/3. Block 2 would read row 2, but there is none.
    let sinks = try #require(result.sinkShare)
    #expect(sinks.blocks == 1 && sinks.share == 0.125 && abs(sinks.evenShare - 1.0 / 6) < 1e-15)
    #expect(result.findings[3] == "In the 1 blocks whose input holds them, queries put 12.5% of their attention on those positions (an even spread would give 16.7%).")
    // The paper's 1000x: -150 is out, 5000 stays.
    let strict = try MassiveActivations(trace: trace)
    #expect(strict.firstLayer == 2 && strict.dimensions.map(\.dimension) == [1])
    #expect(strict.sinkShare == nil)
    // Nothing passes a floor over the largest value.
    let none = try MassiveActivations(trace: trace, options: .init(ratio: 1, floor: 6000))
    #expect(none.firstLayer == nil && none.dimensions.isEmpty)
    #expect(none.findings == [
      "No activation is over 6000 and over 1× the layer's median |h|; the largest is 5000 at "
        + "layer 2, dimension 1 at position 0 (\"7\"), 5000× that layer's median."
    ])
  }

  @Test func rejectsRatiosBelowOne() throws {
    let trace = try Synthetic.trace(tokens: [1], layers: 1, width: 2) { _, _ in [1, 2] }
    #expect(throws: AnalysisError.self) {
      try MassiveActivations(trace: trace, options: .init(ratio: 0.5))
    }
  }

  /// Three prompts per model with the model's own BOS choice. The expected values were
  /// computed separately with numpy from `lenscribe trace` files of the same prompts: per
  /// residual row, |h| > 100 and > 1000 x that row's median |h|; for the first prompt, the
  /// attention of each block's later queries on the positions massive in its input row.
  static let prompts = [
    "I go to the basketball court to", "The capital of France is Paris, and",
    "Once upon a time, there was a little girl who",
  ]

  @Test func smolLM2sDimension507AtTheFirstToken() throws {
    let loaded = try TestModels.shared(.smollm2)
    for prompt in Self.prompts {
      let result = try Self.massive(prompt, loaded)
      #expect(result.dimensions.map(\.dimension) == [507], "\(prompt)")
      #expect(result.dimensions.first?.positions == [0], "\(prompt)")
      #expect(result.dimensions.first?.layers.count == 17, "\(prompt)")
      #expect(result.firstLayer == 12, "\(prompt)")
      let strongest = result.layers.indices.max { result.layers[$0].ratio < result.layers[$1].ratio }
      #expect(strongest == 12, "\(prompt)")
      if prompt == Self.prompts[0] {
        let sinks = try #require(result.sinkShare)
        #expect(sinks.blocks == 17 && abs(sinks.share - 0.798495) < 1e-4)
        #expect(abs(sinks.evenShare - 0.265476) < 1e-6)
      }
      print("massive-activations smollm2 \(prompt): \(result.findings)")
    }
  }

  @Test func gemmasDimensions163And400AtBOS() throws {
    let loaded = try TestModels.shared(.gemma3)
    for (prompt, rows) in zip(Self.prompts, [(11, 7), (12, 7), (11, 6)]) {
      let result = try Self.massive(prompt, loaded)
      #expect(result.dimensions.map(\.dimension) == [163, 400], "\(prompt)")
      #expect(result.dimensions.map(\.layers.count) == [rows.0, rows.1], "\(prompt)")
      // 163 only at BOS; 400 at BOS and, in the first layers, at later tokens too.
      #expect(result.dimensions.first?.positions == [0], "\(prompt)")
      #expect(result.dimensions.last?.positions.first == 0, "\(prompt)")
      #expect(result.firstLayer == 1, "\(prompt)")
      // BOS comes first and attends only to itself: the same value whatever follows.
      let layer6 = result.layers[6]
      #expect(abs(abs(layer6.largest.value) - 41944.2) < 0.1, "\(prompt)")
      #expect(layer6.largest.position == 0 && layer6.largest.dimension == 163)
      if prompt == Self.prompts[0] {
        let sinks = try #require(result.sinkShare)
        #expect(sinks.blocks == 14 && abs(sinks.share - 0.705068) < 1e-4)
        #expect(abs(sinks.evenShare - 0.283418) < 1e-6)
      }
      print("massive-activations gemma3 \(prompt): \(result.findings)")
    }
  }

  static func massive(_ prompt: String, _ loaded: TestModels.Loaded) throws -> MassiveActivations
  {
    let tokens = loaded.tokenizer.encode(prompt, bos: nil)
    return try MassiveActivations(
      trace: loaded.transformer.trace(tokens: tokens), label: loaded.label)
  }
}
