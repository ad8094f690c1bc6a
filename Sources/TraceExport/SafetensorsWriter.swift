import Engine
import Foundation

/// Writes a trace as a safetensors file (DESIGN.md, "Trace file"), atomically.
///
/// The layout is `Safetensors`' (Engine).
public enum SafetensorsWriter {
  /// Writes `trace` to `url` (temporary file, then rename). `metadata` goes into
  /// `__metadata__` next to the model's name and architecture.
  public static func write(_ trace: Trace, to url: URL, metadata: [String: String] = [:]) throws {
    let n = trace.tokenCount
    let m = trace.model
    var entries = [
      Safetensors.Tensor(name: "tokens", dtype: .i32, shape: [n], bytes: data(trace.tokens.map { Int32($0) })),
      Safetensors.Tensor(name: "resid", dtype: .f32, shape: [m.layerCount + 1, n, m.width], bytes: data(trace.residual)),
      Safetensors.Tensor(name: "resid_mid", dtype: .f32, shape: [m.layerCount, n, m.width], bytes: data(trace.residualMid)),
    ]
    if trace.attention.allSatisfy({ $0 != nil }) {
      var all = Data(capacity: m.layerCount * m.headCount * n * n * 4)
      for layer in trace.attention { all.append(data(layer!)) }
      entries.append(Safetensors.Tensor(name: "attn", dtype: .f32, shape: [m.layerCount, m.headCount, n, n], bytes: all))
    } else {
      for (layer, probabilities) in trace.attention.enumerated() {
        guard let probabilities else { continue }
        entries.append(Safetensors.Tensor(name: "attn.\(layer)", dtype: .f32, shape: [m.headCount, n, n], bytes: data(probabilities)))
      }
    }
    entries.append(Safetensors.Tensor(name: "logits", dtype: .f32, shape: [n, m.vocabularySize], bytes: data(trace.logits)))
    var meta = metadata
    meta["model"] = m.name
    meta["architecture"] = m.architecture
    try write(entries, metadata: meta, to: url)
  }

  static func write(_ entries: [Safetensors.Tensor], metadata: [String: String], to url: URL) throws {
    do {
      try Safetensors.write(entries, metadata: metadata, to: url)
    } catch {
      throw TraceExportError.unwritable(path: url.path, reason: error.localizedDescription)
    }
  }

  private static func data<T>(_ values: [T]) -> Data {
    values.withUnsafeBytes { Data($0) }
  }
}
