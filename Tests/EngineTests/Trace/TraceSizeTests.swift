import Engine
import Foundation
import Testing

/// The size of a trace is known before the pass runs, and a trace over the limit is refused
/// before any of it is allocated.
@Suite struct TraceSizeTests {
  @Test func theEstimateIsTheSizeOfWhatTheTraceHolds() throws {
    let model = try Transformer(path: try TestModels.smollm2)
    let tokens = [1, 57, 685, 314, 253]
    for layers in [nil, Set<Int>(), [0, 7]] as [Set<Int>?] {
      let options = TraceOptions(attentionLayers: layers)
      let trace = try model.trace(tokens: tokens, options: options)
      let size = TraceSize(config: model.config, tokens: tokens.count, options: options)
      let attention = trace.attention.compactMap { $0?.count }.reduce(0, +)
      #expect(size.residual == 4 * (trace.residual.count + trace.residualMid.count))
      #expect(size.attention == 4 * attention)
      #expect(size.logits == 4 * trace.logits.count)
    }
    // By hand for SmolLM2 (L 30, d 576, H 9, V 49,152) at 4,096 tokens: without attention
    // 4 (61 · 4096 · 576 + 4096 · 49152) bytes; with it 4 · 30 · 9 · 4096² more.
    let long = TraceSize(config: model.config, tokens: 4096, options: .init(attentionLayers: []))
    #expect(long.residual + long.logits == 4 * (61 * 4096 * 576 + 4096 * 49152))
    #expect(TraceSize(config: model.config, tokens: 4096).attention == 4 * 30 * 9 * 4096 * 4096)
  }

  @Test func aTraceOverTheLimitIsRefusedWithItsSize() throws {
    let model = try Transformer(path: try TestModels.smollm2)
    let tokens = Array(repeating: 57, count: 3000)
    let start = Date()
    do {
      _ = try model.trace(tokens: tokens, options: TraceOptions(memoryLimit: 3_000_000_000))
      Issue.record("a 3,000-token trace with attention (about 10.8 GB) ran under a 3 GB limit")
    } catch {
      let message = "\(error)"
      #expect(message.hasPrefix("the trace of this 3000-token prompt needs about 10.8 GB"))
      #expect(message.contains("attention maps"))
      #expect(message.contains("the limit is 3.0 GB"))
    }
    #expect(Date().timeIntervalSince(start) < 1)
  }

  @Test func theDefaultLimitIsHalfTheMemoryOrLess() {
    #expect(TraceSize.defaultLimit <= Int(ProcessInfo.processInfo.physicalMemory / 2))
    #expect(TraceSize.defaultLimit > 0)
  }
}
