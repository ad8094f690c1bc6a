import ArgumentParser
import Engine
import Foundation
import Registry
import TraceExport

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
    var layers: Set<Int>?
    if let attentionLayers {
      let items = attentionLayers.split(separator: ",").map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      let parsed = items.compactMap { Int($0) }
      guard parsed.count == items.count else {
        throw ValidationError(
          "--attention-layers takes comma-separated layer numbers, got '\(attentionLayers)'")
      }
      layers = Set(parsed)
    }
    let request = TraceExport.Request(
      modelPath: try ModelStore.standard().resolve(model, log: Terminal.progress),
      prompt: prompt, bos: bos, attentionLayers: layers, output: URL(fileURLWithPath: out))
    try TraceExport.run(request, progress: Terminal.progress)
  }
}
