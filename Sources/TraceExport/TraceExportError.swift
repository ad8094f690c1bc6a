/// Why a trace file could not be written.
public enum TraceExportError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The output does not end in `.safetensors`.
  case notSafetensors(path: String)
  /// The output's folder does not exist.
  case missingFolder(path: String)
  /// The output cannot be created or written.
  case unwritable(path: String, reason: String)

  public var description: String {
    switch self {
    case .notSafetensors(let path):
      "--out must name a .safetensors file, not \(path)"
    case .missingFolder(let path):
      "the folder \(path) does not exist; create it first or choose another --out"
    case .unwritable(let path, let reason):
      "cannot write \(path): \(reason)"
    }
  }
}
