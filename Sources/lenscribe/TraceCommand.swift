import ArgumentParser
import Engine
import Foundation

/// `lenscribe trace`: run one prompt and save every captured activation as safetensors.
struct TraceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "trace",
    abstract: "Run a prompt and write every captured activation to a .safetensors file.",
    discussion: """
      Tensors: tokens I32 [n]; resid F32 [L+1, n, d] (row 0 the embedding as the first block \
      sees it); resid_mid F32 [L, n, d]; attn F32 [L, H, n, n] (query x key); logits F32 \
      [n, vocab]. Load with safetensors.numpy.load_file(PATH).
      """
  )

  @Option(help: "A registry model name or a path to a .gguf file.")
  var model: String = RegistryModel.defaultModel.name

  @Option(help: "The prompt text.")
  var prompt: String

  @Option(help: "Where to write the trace (.safetensors).")
  var out: String

  @Flag(
    inversion: .prefixedNo, exclusivity: .exclusive,
    help: "Add (or with --no-bos, leave out) the BOS token; the model's default otherwise.")
  var bos: Bool?

  @Option(help: "Keep attention only for these layers (comma-separated), e.g. 0,5,29.")
  var attentionLayers: String?

  func validate() throws {
    guard out.hasSuffix(".safetensors") else {
      throw ValidationError("--out must name a .safetensors file")
    }
  }

  func run() throws {
    let path = try ModelStore.standard().resolve(model, log: Terminal.progress)
    let file = try GGUFFile(path: path)
    let tokenizer = try Tokenizer(file: file)
    let transformer = try Transformer(file: file)
    let addBOS = tokenizer.addsBOS(bos)
    let tokens = tokenizer.encode(prompt, addBOS: addBOS)
    var options = TraceOptions()
    if let attentionLayers {
      let layers = attentionLayers.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      guard let parsed = Optional(layers.compactMap { Int($0) }), parsed.count == layers.count else {
        throw ValidationError("--attention-layers takes comma-separated layer numbers, got '\(attentionLayers)'")
      }
      options.attentionLayers = Set(parsed)
    }
    Terminal.progress("\(transformer.model.name): \(tokens.count) tokens\(addBOS ? " (BOS added)" : "")")
    let trace = try transformer.trace(tokens: tokens, options: options) { done, total in
      Terminal.progress(done < total ? "block \(done)/\(total - 1)" : "logits")
    }
    let digest = try FileDigest.sha256(path: path)
    try SafetensorsWriter.write(
      trace, to: URL(fileURLWithPath: out),
      metadata: ["gguf_sha256": digest, "bos_added": addBOS ? "true" : "false"])
    Terminal.progress("wrote \(out)")
  }
}
