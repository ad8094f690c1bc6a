/// What can be wrong with a model's architecture or weights, or with a run's input.
public enum ArchitectureError: Error, Equatable, Sendable, CustomStringConvertible {
  /// `general.architecture` names an architecture lenscribe does not run.
  case unsupportedArchitecture(file: String, name: String)
  /// A key under the architecture's prefix that lenscribe neither reads nor knows to be
  /// harmless: it may change the arithmetic, so the file is refused rather than misread.
  case unknownKey(file: String, key: String, architecture: String)
  /// A key lenscribe knows, with a value that asks for something it does not compute.
  case unsupportedKey(file: String, key: String, architecture: String, problem: String)
  /// A tensor the forward pass of the architecture would not use.
  case unusedTensor(file: String, tensor: String, architecture: String)
  /// A tensor has another shape than the hyper-parameters imply.
  case wrongShape(file: String, tensor: String, expected: [Int], found: [Int])
  /// A hyper-parameter is missing or out of range.
  case badHyperParameter(file: String, key: String, problem: String)
  /// The prompt has no tokens.
  case emptyPrompt
  /// The prompt is longer than the model's context.
  case promptTooLong(tokens: Int, context: Int)
  /// The prompt's trace would take more memory than it may (`TraceOptions.memoryLimit`).
  case traceTooLarge(tokens: Int, size: TraceSize, limit: Int)
  /// A token id outside the vocabulary.
  case tokenOutOfRange(id: Int, vocabularySize: Int)
  /// A layer number outside the model.
  case layerOutOfRange(layer: Int, layerCount: Int)
  /// The model file changed on disk after it was opened.
  case modelFileChanged(file: String)

  public var description: String {
    switch self {
    case .unsupportedArchitecture(let file, let name):
      "\(file): architecture '\(name)' is not supported (lenscribe runs \(ArchitectureDescription.all.map(\.name).joined(separator: ", ")))"
    case .unknownKey(let file, let key, let architecture):
      "\(file): key '\(key)' is not one lenscribe reads for \(architecture) models; it may change "
        + "the computation, so the model is refused rather than run without it"
    case .unsupportedKey(let file, let key, let architecture, let problem):
      "\(file): \(key) asks for \(problem), which lenscribe does not compute for \(architecture) models"
    case .unusedTensor(let file, let tensor, let architecture):
      "\(file): tensor '\(tensor)' is not used by lenscribe's \(architecture) forward pass; it may "
        + "change the computation, so the model is refused rather than run without it"
    case .wrongShape(let file, let tensor, let expected, let found):
      "\(file): tensor '\(tensor)' has shape \(found), expected \(expected) from the model's "
        + "hyper-parameters (the file is corrupt or not a standard conversion)"
    case .badHyperParameter(let file, let key, let problem):
      "\(file): \(key) \(problem)"
    case .emptyPrompt:
      "the prompt is empty: give at least one token of text"
    case .promptTooLong(let tokens, let context):
      "the prompt has \(tokens) tokens but the model's context holds \(context); shorten it"
    case .traceTooLarge(let tokens, let size, let limit):
      "the trace of this \(tokens)-token prompt needs about \(TraceSize.words(size.total))"
        + (size.attention > size.total / 2
          ? " (\(TraceSize.words(size.attention)) of it attention maps, which grow with the "
            + "square of the prompt)" : "")
        + "; the limit is \(TraceSize.words(limit)) (half this machine's memory, or of the "
        + "address-space limit): shorten the prompt"
        + (size.attention > 0 ? ", or keep attention for fewer layers" : "")
    case .tokenOutOfRange(let id, let size):
      "token id \(id) is outside the vocabulary of \(size) tokens"
    case .layerOutOfRange(let layer, let count):
      "layer \(layer) does not exist: the model has layers 0 to \(count - 1)"
    case .modelFileChanged(let file):
      "\(file): the model file changed on disk while lenscribe was using it; run again"
    }
  }
}
