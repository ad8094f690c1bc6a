import Analysis
import Engine
import Foundation
import Registry
import Testing

@Suite("Trajectory")
struct TrajectoryTests {
  @Test func knownCourse() throws {
    let result = try Trajectory(
      trace: LogitLensTests.trace(), unembedding: Synthetic.identityUnembedding(4),
      options: .init(top: 2, norm: .none))
    #expect(result.position == 1)
    #expect(result.token == .init(id: 2, text: "#2"))
    #expect(result.layers.map { $0.map(\.id) } == [[0, 1], [1, 2], [3, 2]])
    #expect(result.curves.map(\.token.id) == [0, 1, 2, 3])
    #expect(result.curves.map(\.firstLayer) == [0, 0, 1, 2])
    let answer = result.curves[3]
    #expect(answer.ranks == [4, 3, 1])
    for (value, expected) in zip(answer.probabilities, [0.1, 0.2, 0.4]) {
      #expect(abs(value - expected) < 1e-6)
    }
    #expect(result.finalToken.id == 3 && abs(result.finalToken.probability - 0.4) < 1e-6)
    #expect(result.settleLayer == 2)
    #expect(result.findings[0].hasSuffix("go after 1: #1, #2; 2: #3, #2."))
    #expect(result.findings[1].contains("from layer 2 of 2 on; 4 tokens enter a top 2"))
  }

  @Test func rejectsBadOptions() throws {
    let trace = try LogitLensTests.trace()
    let unembedding = try Synthetic.identityUnembedding(4)
    #expect(
      throws: AnalysisError.optionOutOfRange(
        analysis: "trajectory", option: "position", value: "2", allowed: "0...1")
    ) {
      try Trajectory(trace: trace, unembedding: unembedding, options: .init(position: 2))
    }
    #expect(
      throws: AnalysisError.optionOutOfRange(
        analysis: "trajectory", option: "top", value: "9", allowed: "1...4")
    ) {
      try Trajectory(trace: trace, unembedding: unembedding, options: .init(top: 9))
    }
  }

  @Test(arguments: [RegistryModel.smollm2, .gemma3])
  func realModelAgreesWithTheLens(_ model: RegistryModel) throws {
    let loaded = try TestModels.shared(model)
    let trace = loaded.trace
    let result = try Trajectory(
      trace: trace, unembedding: loaded.unembedding, options: .init(top: 3), label: loaded.label)
    let lens = try LogitLens(
      trace: trace, unembedding: loaded.unembedding, options: .init(top: 3), label: loaded.label)
    let last = trace.tokenCount - 1
    #expect(result.layers.count == trace.layerCount + 1)
    #expect(result.layers.map { $0.map(\.id) } == lens.cells.map { $0[last].top.map(\.id) })
    #expect(result.settleLayer == lens.settleLayers[last])
    #expect(result.layers[trace.layerCount][0].id == result.finalToken.id)
    for curve in result.curves {
      #expect(curve.ranks[curve.firstLayer] <= 3)
      #expect(curve.probabilities.allSatisfy { $0 >= 0 && $0 <= 1 })
    }
    print("trajectory \(model.name): \(result.findings)")
  }
}
