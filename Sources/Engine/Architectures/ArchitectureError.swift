/// What can be wrong with a model's architecture or weights, or with a run's input.
public enum ArchitectureError: Error, Equatable, Sendable, CustomStringConvertible {
  /// `general.architecture` names an architecture lenscribe does not run.
  case unsupportedArchitecture(file: String, name: String)
  /// A tensor has another shape than the hyper-parameters imply.
  case wrongShape(file: String, tensor: String, expected: [Int], found: [Int])
  /// A hyper-parameter is missing or out of range.
  case badHyperParameter(file: String, key: String, problem: String)
  /// The prompt has no tokens.
  case emptyPrompt
  /// The prompt is longer than the model's context.
  case promptTooLong(tokens: Int, context: Int)
  /// A token id outside the vocabulary.
  case tokenOutOfRange(id: Int, vocabularySize: Int)
  /// A layer number outside the model.
  case layerOutOfRange(layer: Int, layerCount: Int)
  /// The model file changed on disk after it was opened.
  case modelFileChanged(file: String)

  public var description: String {
    switch self {
    case .unsupportedArchitecture(let file, let name):
      "\(file): architecture '\(name)' is not supported (lenscribe runs llama and gemma3 models)"
    case .wrongShape(let file, let tensor, let expected, let found):
      "\(file): tensor '\(tensor)' has shape \(found), expected \(expected) from the model's "
        + "hyper-parameters (the file is corrupt or not a standard conversion)"
    case .badHyperParameter(let file, let key, let problem):
      "\(file): \(key) \(problem)"
    case .emptyPrompt:
      "the prompt is empty: give at least one token of text"
    case .promptTooLong(let tokens, let context):
      "the prompt has \(tokens) tokens but the model's context holds \(context); shorten it"
    case .tokenOutOfRange(let id, let size):
      "token id \(id) is outside the vocabulary of \(size) tokens"
    case .layerOutOfRange(let layer, let count):
      "layer \(layer) does not exist: the model has layers 0 to \(count - 1)"
    case .modelFileChanged(let file):
      "\(file): the model file changed on disk while lenscribe was using it; run again"
    }
  }
}
