import Analysis
import Engine

/// A model loaded once per build (file, tokenizer, transformer) and the traces of its prompts,
/// shared through `BuildMemo` by every block that reads it.
final class LoadedModel {
  let file: ModelFile
  let gguf: GGUFFile
  let tokenizer: Tokenizer
  let transformer: Transformer

  private init(file: ModelFile) throws {
    self.file = file
    gguf = try GGUFFile(path: file.path)
    tokenizer = try Tokenizer(file: gguf)
    transformer = try Transformer(file: gguf)
  }

  /// The model `name` of the environment, loaded on first use in the build.
  static func named(_ name: String, in environment: LensEnvironment) throws -> LoadedModel {
    let file = try environment.model(name)
    return try environment.memo.value("model:" + file.path) { try LoadedModel(file: file) }
  }

  /// The prompt's token ids: BOS as the model asks unless `bos` says otherwise.
  func tokens(_ prompt: String, bos: Bool?) -> [Int] {
    tokenizer.encode(prompt, bos: bos)
  }

  /// The trace of `tokens`, run once per build: with the attention probabilities of every
  /// layer when `attention`, or when they are small enough to keep anyway (they take
  /// `layers x heads x n²` floats, the one part of a trace that grows with the square of the
  /// prompt), so that a report's attention blocks do not run the prompt a second time. A
  /// trace with attention also serves blocks that do not read it.
  func trace(_ tokens: [Int], attention: Bool = false, in environment: LensEnvironment) throws
    -> Trace
  {
    let key = file.path + ":" + tokens.map(String.init).joined(separator: ",")
    if let full = environment.memo.existing("trace+attention:" + key, as: Trace.self) {
      return full
    }
    let config = transformer.config
    let attentionBytes = config.layerCount * config.headCount * tokens.count * tokens.count * 4
    let attention = attention || attentionBytes <= Self.attentionKeptAnyway
    let options = TraceOptions(attentionLayers: attention ? nil : [])
    let trace = try environment.memo.value((attention ? "trace+attention:" : "trace:") + key) {
      var progress = WorkProgress(
        "tracing \(tokens.count) tokens through \(file.fileName): layers", log: environment.log)
      return try transformer.trace(tokens: tokens, options: options) {
        progress.tell(done: $0, of: $1)
      }
    }
    // The trace with attention serves every block from now on: keep one trace, not two.
    if attention { environment.memo.remove("trace:" + key) }
    return trace
  }

  /// Attention probabilities up to this size are captured even for blocks that do not read
  /// them (a 7B model's at 100 tokens take 41 MB).
  static let attentionKeptAnyway = 128 << 20

  /// The trace of a lens block's prompt (BOS as the model asks unless the block's `bos`
  /// says otherwise), run once per build; `attention` as in `trace(_:attention:in:)`.
  func trace<Options>(
    of block: LensInput<Options>, attention: Bool = false, in environment: LensEnvironment
  ) throws -> Trace {
    try trace(tokens(block.prompt, bos: block.bos), attention: attention, in: environment)
  }

  /// The unembedding (final norm + output matrix), made once per build.
  func unembedding(in environment: LensEnvironment) -> Unembedding {
    environment.memo.value("unembedding:" + file.path) { Unembedding(transformer: transformer) }
  }

  /// The tuned lens lens blocks read (fitted on the default text with the default options),
  /// loaded once per build; `TunedLensError.notFitted` says how to fit it.
  func tunedLens(in environment: LensEnvironment) throws -> TunedLens {
    try environment.memo.value("tuned-lens:" + file.path) {
      try environment.tunedLenses.defaultLens(for: file, transformer: transformer)
    }
  }

  /// The input and output dictionaries (E and U with their row norms), made once per build.
  func dictionaries(in environment: LensEnvironment) throws -> Dictionaries {
    try environment.memo.value("dictionaries:" + file.path) {
      try Dictionaries(transformer: transformer)
    }
  }

  /// The text of `ids` (invalid UTF-8 repaired), as generated continuations are shown.
  func text(of ids: [Int]) -> String {
    String(decoding: tokenizer.decode(ids), as: UTF8.self)
  }

  /// Token labels as pages show them (spaces as `␣`, BOS as `⟨BOS⟩`).
  var label: TokenLabeler { { [tokenizer] in tokenizer.displayPiece($0) } }
}
