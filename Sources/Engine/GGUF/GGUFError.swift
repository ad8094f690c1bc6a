/// Everything that can be wrong with a GGUF file, each case naming the file, where and what.
///
/// Messages are written for a person: they say what is wrong, where (byte offset), and what to do.
/// Names in them come from the file and are shown escaped (`TerminalText`).
public enum GGUFError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The file could not be opened or mapped.
  case unreadable(file: String, reason: String)
  /// The first four bytes are not `GGUF`.
  case badMagic(file: String, found: String)
  /// A GGUF version this reader does not handle (only 2 and 3 are).
  case unsupportedVersion(file: String, version: UInt32)
  /// The file ends before a structure it promises.
  case truncated(file: String, offset: Int, expected: String)
  /// A length or count that cannot be right (larger than the file, or overflowing).
  case implausibleSize(file: String, offset: Int, what: String, value: UInt64)
  /// A metadata value type id that GGUF does not define.
  case unknownValueType(file: String, offset: Int, type: UInt32)
  /// A tensor type id that ggml does not define.
  case unknownTensorType(file: String, tensor: String, type: UInt32)
  /// A tensor whose shape is malformed (too many dimensions, zero or overflowing sizes, or a
  /// row length that is not a whole number of blocks).
  case badShape(file: String, tensor: String, problem: String)
  /// A tensor whose data does not lie inside the data section, or is misaligned.
  case badTensorOffset(file: String, tensor: String, problem: String)
  /// Two tensors with the same name.
  case duplicateTensor(file: String, name: String)
  /// Two metadata entries with the same key.
  case duplicateKey(file: String, offset: Int, key: String)
  /// `general.alignment` is zero or not a power of two.
  case badAlignment(file: String, value: UInt64)
  /// A metadata key the caller needs is absent.
  case missingKey(file: String, key: String)
  /// A metadata key holds a value of another type than the caller needs.
  case wrongValueType(file: String, key: String, expected: String, found: String)
  /// A tensor the caller needs is absent.
  case missingTensor(file: String, name: String)

  /// The message, with any control character of the file's text (a corrupt tensor name, a
  /// key) escaped: messages are printed to terminals.
  public var description: String { TerminalText.escaped(message) }

  private var message: String {
    switch self {
    case .unreadable(let file, let reason):
      "\(file): cannot read the model file: \(reason)"
    case .badMagic(let file, let found):
      "\(file): not a GGUF file (starts with \(found), expected \"GGUF\"); point --model at a .gguf file"
    case .unsupportedVersion(let file, let version):
      "\(file): GGUF version \(version) is not supported (only 2 and 3 are); re-convert the model with a current llama.cpp"
    case .truncated(let file, let offset, let expected):
      "\(file): file is truncated at byte \(offset): expected \(expected); download the model again"
    case .implausibleSize(let file, let offset, let what, let value):
      "\(file): byte \(offset): \(what) of \(value) cannot be right (the file is corrupt)"
    case .unknownValueType(let file, let offset, let type):
      "\(file): byte \(offset): unknown metadata value type \(type) (the file is corrupt or from a newer GGUF)"
    case .unknownTensorType(let file, let tensor, let type):
      "\(file): tensor '\(tensor)' has unknown tensor type id \(type) (the file is corrupt or needs a newer lenscribe)"
    case .badShape(let file, let tensor, let problem):
      "\(file): tensor '\(tensor)': \(problem)"
    case .badTensorOffset(let file, let tensor, let problem):
      "\(file): tensor '\(tensor)': \(problem)"
    case .duplicateTensor(let file, let name):
      "\(file): tensor '\(name)' appears twice (the file is corrupt)"
    case .duplicateKey(let file, let offset, let key):
      "\(file): byte \(offset): metadata key '\(key)' appears twice (the file is corrupt)"
    case .badAlignment(let file, let value):
      "\(file): general.alignment is \(value); it must be a non-zero power of two"
    case .missingKey(let file, let key):
      "\(file): metadata key '\(key)' is missing; this model file cannot be used as it is"
    case .wrongValueType(let file, let key, let expected, let found):
      "\(file): metadata key '\(key)' holds \(found), expected \(expected)"
    case .missingTensor(let file, let name):
      "\(file): tensor '\(name)' is missing; this model file cannot be used as it is"
    }
  }
}
