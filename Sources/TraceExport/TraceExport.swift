import Engine
import Foundation

/// `lenscribe trace` as a library: one prompt through one model file, every captured
/// activation written as safetensors with the model's digest and whether BOS was added.
///
/// Everything that can be checked before the model runs is checked first, so that a bad
/// `--out` costs nothing and leaves nothing behind.
public enum TraceExport {
  /// What to trace and where to write it.
  public struct Request: Sendable {
    /// The GGUF file (a path; registry names are resolved by the caller).
    public var modelPath: String
    public var prompt: String
    /// Whether to add BOS; nil: the model's default.
    public var bos: Bool?
    /// Layers whose attention to keep; nil: every layer.
    public var attentionLayers: Set<Int>?
    /// The `.safetensors` file to write.
    public var output: URL

    public init(
      modelPath: String, prompt: String, bos: Bool? = nil, attentionLayers: Set<Int>? = nil,
      output: URL
    ) {
      self.modelPath = modelPath
      self.prompt = prompt
      self.bos = bos
      self.attentionLayers = attentionLayers
      self.output = output
    }
  }

  /// What was written.
  public struct Summary: Sendable, Equatable {
    public let modelName: String
    public let tokenCount: Int
    public let addedBOS: Bool
  }

  /// Runs `request`, reporting each step on `progress`.
  @discardableResult
  public static func run(
    _ request: Request, progress: (String) -> Void = { _ in }
  ) throws -> Summary {
    try checkOutput(request.output)
    let file = try GGUFFile(path: request.modelPath)
    let tokenizer = try Tokenizer(file: file)
    let transformer = try Transformer(file: file)
    let addBOS = tokenizer.addsBOS(request.bos)
    let tokens = tokenizer.encode(request.prompt, addBOS: addBOS)
    let options = TraceOptions(attentionLayers: request.attentionLayers)
    progress("\(transformer.model.name): \(tokens.count) tokens\(addBOS ? " (BOS added)" : "")")
    let trace = try transformer.trace(tokens: tokens, options: options) { done, total in
      progress(done < total ? "block \(done)/\(total - 1)" : "logits")
    }
    let digest = try FileDigest.sha256(path: request.modelPath)
    try SafetensorsWriter.write(
      trace, to: request.output,
      metadata: ["gguf_sha256": digest, "bos_added": addBOS ? "true" : "false"])
    progress("wrote \(request.output.path)")
    return Summary(modelName: transformer.model.name, tokenCount: tokens.count, addedBOS: addBOS)
  }

  /// Refuses an output that cannot be written: a wrong extension, a missing or unwritable
  /// folder, or a path that is a folder.
  static func checkOutput(_ url: URL) throws(TraceExportError) {
    guard url.pathExtension == "safetensors" else { throw .notSafetensors(path: url.path) }
    let folder = url.deletingLastPathComponent().path
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder),
      isFolder.boolValue
    else { throw .missingFolder(path: folder) }
    guard FileManager.default.isWritableFile(atPath: folder) else {
      throw .unwritable(path: url.path, reason: "the folder is not writable")
    }
    if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder),
      isFolder.boolValue
    {
      throw .unwritable(path: url.path, reason: "it is a folder")
    }
  }
}
