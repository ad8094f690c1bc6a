import Engine
import Foundation

/// Writes a trace as a safetensors file (DESIGN.md, "Trace file"), atomically.
///
/// safetensors layout: UInt64 little-endian header length N; N bytes of JSON mapping each tensor
/// name to `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets relative to the byte
/// after the header) plus `__metadata__` (string to string); then the raw little-endian data.
/// The header is padded with spaces to a multiple of 8 bytes.
public enum SafetensorsWriter {
  /// One tensor to write: name, dtype (`F32`, `I32`), shape and its raw bytes.
  struct Entry {
    let name: String
    let dtype: String
    let shape: [Int]
    let bytes: Data
  }

  /// Writes `trace` to `url` (temporary file, then rename). `metadata` goes into
  /// `__metadata__` next to the model's name and architecture.
  public static func write(_ trace: Trace, to url: URL, metadata: [String: String] = [:]) throws {
    let n = trace.tokenCount
    let m = trace.model
    var entries = [
      Entry(name: "tokens", dtype: "I32", shape: [n], bytes: data(trace.tokens.map { Int32($0) })),
      Entry(name: "resid", dtype: "F32", shape: [m.layerCount + 1, n, m.width], bytes: data(trace.residual)),
      Entry(name: "resid_mid", dtype: "F32", shape: [m.layerCount, n, m.width], bytes: data(trace.residualMid)),
    ]
    if trace.attention.allSatisfy({ $0 != nil }) {
      var all = Data(capacity: m.layerCount * m.headCount * n * n * 4)
      for layer in trace.attention { all.append(data(layer!)) }
      entries.append(Entry(name: "attn", dtype: "F32", shape: [m.layerCount, m.headCount, n, n], bytes: all))
    } else {
      for (layer, probabilities) in trace.attention.enumerated() {
        guard let probabilities else { continue }
        entries.append(Entry(name: "attn.\(layer)", dtype: "F32", shape: [m.headCount, n, n], bytes: data(probabilities)))
      }
    }
    entries.append(Entry(name: "logits", dtype: "F32", shape: [n, m.vocabularySize], bytes: data(trace.logits)))
    var meta = metadata
    meta["model"] = m.name
    meta["architecture"] = m.architecture
    try write(entries, metadata: meta, to: url)
  }

  static func write(_ entries: [Entry], metadata: [String: String], to url: URL) throws {
    var header = "{\"__metadata__\":" + json(metadata)
    var offset = 0
    for entry in entries.sorted(by: { $0.name < $1.name }) {
      let end = offset + entry.bytes.count
      header += ",\(json(entry.name)):{\"dtype\":\"\(entry.dtype)\",\"shape\":[\(entry.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(offset),\(end)]}"
      offset = end
    }
    header += "}"
    while header.utf8.count % 8 != 0 { header += " " }
    let temporary = AtomicFile.temporaryURL(beside: url)
    guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
      let handle = FileHandle(forWritingAtPath: temporary.path)
    else {
      throw TraceExportError.unwritable(path: url.path, reason: "cannot create a file beside it")
    }
    do {
      var length = UInt64(header.utf8.count).littleEndian
      try handle.write(contentsOf: Data(bytes: &length, count: 8))
      try handle.write(contentsOf: Data(header.utf8))
      for entry in entries.sorted(by: { $0.name < $1.name }) {
        try handle.write(contentsOf: entry.bytes)
      }
      try handle.close()
      try AtomicFile.replace(url, with: temporary)
    } catch {
      try? handle.close()
      try? FileManager.default.removeItem(at: temporary)
      throw TraceExportError.unwritable(path: url.path, reason: error.localizedDescription)
    }
  }

  private static func data<T>(_ values: [T]) -> Data {
    values.withUnsafeBytes { Data($0) }
  }

  private static func json(_ value: some Encodable) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
  }
}
