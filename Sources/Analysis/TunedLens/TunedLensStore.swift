import Engine
import Foundation

/// Where fitted translators live: one safetensors file per model, training text and options,
/// in `$XDG_CACHE_HOME/lenscribe/lenses` (`TunedLensStore.standard` is given the folder).
///
/// A file's name is the SHA-256 of its `Key` (model SHA-256, corpus SHA-256, options and the
/// fit's `method`), so a changed text, option or fitting arithmetic finds no file and fits
/// anew; the key is also written into the file's metadata and checked when it is read.
public struct TunedLensStore: Sendable {
  /// What a fit depends on.
  public struct Key: Codable, Equatable, Sendable {
    public var model: String
    public var corpus: String
    public var options: TunedLensFit.Options
    public var method: String

    /// The key of a fit of the model `model` (SHA-256) on a text (SHA-256 `corpus`).
    public init(model: String, corpus: String, options: TunedLensFit.Options) {
      self.model = model
      self.corpus = corpus
      self.options = options
      method = TunedLensFit.method
    }

    /// Lowercase hex SHA-256 of the key's canonical JSON.
    public var hash: String {
      FileDigest.sha256(bytes: Array((try? CanonicalJSON.data(self)) ?? Data()))
    }
  }

  /// The folder of translator files.
  public let directory: URL

  public init(directory: URL) {
    self.directory = directory
  }

  /// The file of `key`.
  public func location(of key: Key) -> URL {
    directory.appendingPathComponent("\(key.hash.prefix(32)).safetensors")
  }

  /// Writes `lens` as the fit of `key` (atomically); returns the file's SHA-256.
  @discardableResult
  public func store(_ lens: TunedLens, for key: Key) throws -> String {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    var tensors: [Safetensors.Tensor] = []
    for layer in 0..<lens.layerCount {
      tensors.append(
        Safetensors.Tensor(
          name: "layers.\(layer).weight", shape: [lens.width, lens.width],
          floats: lens.weights[layer]))
      tensors.append(
        Safetensors.Tensor(
          name: "layers.\(layer).bias", shape: [lens.width], floats: lens.biases[layer]))
    }
    let url = location(of: key)
    try Safetensors.write(tensors, metadata: try Self.metadata(key, lens), to: url)
    return try FileDigest.sha256(path: url.path)
  }

  /// Whether the fit of `key` is stored.
  public func contains(_ key: Key) -> Bool {
    FileManager.default.fileExists(atPath: location(of: key).path)
  }

  /// The translators of `key` for a model of `layerCount` layers of `width`; throws
  /// `notFitted` when there is no file and `corrupt` when the file is not a fit of this key
  /// and shape.
  public func load(_ key: Key, modelName: String, layerCount: Int, width: Int) throws
    -> TunedLens
  {
    let url = location(of: key)
    guard FileManager.default.fileExists(atPath: url.path) else {
      throw TunedLensError.notFitted(model: modelName)
    }
    do {
      let file = try Safetensors.File(path: url.path)
      guard file.metadata["key"] == (try CanonicalJSON.string(key)) else {
        throw TunedLensError.corrupt(path: url.path, reason: "its metadata is not this fit's key")
      }
      var weights: [[Float]] = []
      var biases: [[Float]] = []
      for layer in 0..<layerCount {
        weights.append(try file.floats("layers.\(layer).weight", shape: [width, width]))
        biases.append(try file.floats("layers.\(layer).bias", shape: [width]))
      }
      guard file.entries.count == 2 * layerCount else {
        throw TunedLensError.corrupt(
          path: url.path, reason: "\(file.entries.count) tensors for \(layerCount) layers")
      }
      guard (weights + biases).allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
        throw TunedLensError.corrupt(path: url.path, reason: "a translator is not finite")
      }
      return try TunedLens(
        width: width, weights: weights, biases: biases,
        digest: try FileDigest.sha256(path: url.path))
    } catch let error as SafetensorsError {
      throw TunedLensError.corrupt(path: url.path, reason: error.description)
    }
  }

  private static func metadata(_ key: Key, _ lens: TunedLens) throws -> [String: String] {
    [
      "format": "lenscribe tuned lens: layers.L.weight [out, in] and layers.L.bias map "
        + "h / rms(h) of residual row L to the output row's direction",
      "key": try CanonicalJSON.string(key),
      "layers": String(lens.layerCount), "width": String(lens.width),
    ]
  }
}
