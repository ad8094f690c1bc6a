/// Everything that can stop a tokenizer from being built out of a GGUF file's metadata.
///
/// Encoding itself never fails: every byte string has a defined tokenization (see `Tokenizer`).
public enum TokenizerError: Error, Equatable, Sendable, CustomStringConvertible {
  /// `tokenizer.ggml.model` names a tokenizer family lenscribe does not implement.
  case unsupportedModel(file: String, model: String, supported: [String])
  /// `tokenizer.ggml.pre` names a pre-tokenizer lenscribe does not implement.
  case unsupportedPreTokenizer(file: String, pre: String, supported: [String])
  /// A tokenizer key is missing or malformed (wrong type, wrong length, bad entry).
  case badMetadata(file: String, key: String, problem: String)

  public var description: String {
    switch self {
    case .unsupportedModel(let file, let model, let supported):
      "\(file): tokenizer.ggml.model is '\(model)', which lenscribe cannot tokenize; supported "
        + "tokenizers: \(supported.joined(separator: ", ")). Use a model converted with one of them"
    case .unsupportedPreTokenizer(let file, let pre, let supported):
      "\(file): tokenizer.ggml.pre is '\(pre)', a pre-tokenizer lenscribe does not implement; "
        + "supported: \(supported.joined(separator: ", ")). Use a model whose tokenizer is one of "
        + "these, or ask for '\(pre)' to be added"
    case .badMetadata(let file, let key, let problem):
      "\(file): tokenizer metadata '\(key)' \(problem); the file's vocabulary cannot be used "
        + "(re-convert the model with a current llama.cpp)"
    }
  }
}
