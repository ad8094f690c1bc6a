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

  /// The full trace of `tokens`, run once per build.
  func trace(_ tokens: [Int], in environment: LensEnvironment) throws -> Trace {
    let key = "trace:" + file.path + ":" + tokens.map(String.init).joined(separator: ",")
    return try environment.memo.value(key) {
      try transformer.trace(tokens: tokens)
    }
  }

  /// The full trace of a lens block's prompt (BOS as the model asks unless the block's `bos`
  /// says otherwise), run once per build.
  func trace<Options>(of block: LensInput<Options>, in environment: LensEnvironment) throws
    -> Trace
  {
    try trace(tokens(block.prompt, bos: block.bos), in: environment)
  }

  /// The unembedding (final norm + output matrix), made once per build.
  func unembedding(in environment: LensEnvironment) -> Unembedding {
    environment.memo.value("unembedding:" + file.path) { Unembedding(transformer: transformer) }
  }

  /// The input and output dictionaries (E and U with their row norms), made once per build.
  func dictionaries(in environment: LensEnvironment) throws -> Dictionaries {
    try environment.memo.value("dictionaries:" + file.path) {
      try Dictionaries(transformer: transformer)
    }
  }

  /// Token labels as pages show them (spaces as `␣`, BOS as `⟨BOS⟩`).
  var label: TokenLabeler { { [tokenizer] in tokenizer.displayPiece($0) } }
}
