import Analysis
import Engine
import Foundation
import Registry

/// What the intervention hooks cost, and the time of the analyses that intervene.
///
/// A plain trace sets no hook; a trace with an intervention that changes nothing (a head at no
/// position) runs the hook at every sublayer. Their ratio, alternated over rounds, bounds what
/// the hooks cost a pass that asks for none.
enum InterventionBenchmark {
  static let rounds = 5

  static func run() {
    print("")
    print("interventions   hook cost (a no-op intervention against none, 128 tokens, median of \(rounds) alternated rounds)")
    print("                and one block of each intervening analysis (default options)")
    for model in RegistryModel.all {
      let store = ModelStore.standard()
      guard store.isFetched(model) else { continue }
      do {
        try measure(model.name, path: store.location(of: model).path)
      } catch {
        print("\(model.name): \(error)")
      }
    }
  }

  static func measure(_ name: String, path: String) throws {
    let file = try GGUFFile(path: path)
    let tokenizer = try Tokenizer(file: file)
    let transformer = try Transformer(file: file)
    let text = String(
      repeating: "I go to the basketball court to play with my friends after school. ", count: 20)
    let ids = Array(tokenizer.encode(text, addBOS: true).prefix(128))
    let options = TraceOptions(attentionLayers: [])
    let noOp = [Intervention(layer: 0, site: .head(0), positions: [], action: .zero)]
    let clock = ContinuousClock()
    func seconds(_ body: () throws -> Void) rethrows -> Double {
      let start = clock.now
      try body()
      return (clock.now - start) / .seconds(1)
    }
    _ = try transformer.trace(tokens: ids, options: options)
    var ratios: [Double] = []
    for _ in 0..<rounds {
      let plain = try seconds { _ = try transformer.trace(tokens: ids, options: options) }
      let hooked = try seconds {
        _ = try transformer.trace(tokens: ids, options: options, interventions: noOp)
      }
      ratios.append(hooked / plain)
    }
    let pair = name == "smollm2-135m"
      ? ("The capital of France is", "The capital of Italy is")
      : ("I go to the basketball court to", "I go to the tennis court to")
    let clean = tokenizer.encode(pair.0, bos: nil)
    let corrupt = tokenizer.encode(pair.1, bos: nil)
    let patching = try seconds {
      _ = try Patching(transformer: transformer, clean: clean, corrupt: corrupt, site: .residual)
    }
    let attention = try Attention(trace: transformer.trace(tokens: clean))
    let ablation = try seconds {
      _ = try Ablation(transformer: transformer, tokens: clean, attention: attention)
    }
    let decode = { (ids: [Int]) in String(decoding: tokenizer.decode(ids), as: UTF8.self) }
    let patchscope = try seconds {
      _ = try Patchscope(
        transformer: transformer, source: clean, position: clean.count - 1,
        target: Patchscope.identityTarget,
        targetTokens: tokenizer.encode(Patchscope.identityTarget, bos: nil), count: 4,
        decode: decode)
    }
    let steering = try seconds {
      _ = try Steering(
        transformer: transformer, prompt: clean, positive: tokenizer.encode("Love", bos: nil),
        negative: tokenizer.encode("Hate", bos: nil), layer: transformer.config.layerCount / 2,
        scale: 1, count: 12, decode: decode)
    }
    print(
      "\(KernelBenchmark.pad(name, 16)) hooks \(String(format: "%.3f", ForwardBenchmark.median(ratios)))x   "
        + "on \(clean.count) tokens: patching \(String(format: "%.1f", patching)) s, ablation "
        + "\(String(format: "%.1f", ablation)) s, patchscope \(String(format: "%.1f", patchscope)) s, "
        + "steering \(String(format: "%.1f", steering)) s")
  }
}
