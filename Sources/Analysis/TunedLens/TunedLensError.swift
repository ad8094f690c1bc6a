/// Why a tuned lens could not be fitted, found or read.
public enum TunedLensError: Error, Equatable, Sendable, CustomStringConvertible {
  /// No translators were fitted for the model (with the default corpus and options).
  case notFitted(model: String)
  /// A translator file is there but unreadable or not what the model needs.
  case corrupt(path: String, reason: String)
  /// Translators that do not fit together (sizes).
  case malformed(reason: String)
  /// A residual width the F32 kernel cannot multiply (not a multiple of 8).
  case unsupportedWidth(Int)
  /// The training text gives too few tokens for the fit.
  case corpusTooSmall(tokens: Int, needed: Int)
  /// A `--corpus` file that cannot be read as text.
  case unreadableCorpus(path: String, reason: String)
  /// A fitting option out of range.
  case optionOutOfRange(option: String, value: String, allowed: String)
  /// A layer's normal equations are singular even with the ridge.
  case singular(layer: Int)

  public var description: String {
    switch self {
    case .notFitted(let model):
      "no tuned lens has been fitted for \(model); run `lenscribe lens fit --model \(model)` "
        + "first (minutes on a laptop), or use `lens: logit`"
    case .corrupt(let path, let reason):
      "the tuned lens \(path) cannot be used (\(reason)); delete it and run `lenscribe lens fit` "
        + "again"
    case .malformed(let reason): "tuned lens: \(reason)"
    case .unsupportedWidth(let width):
      "a tuned lens needs a residual width that is a multiple of 8; this model's is \(width)"
    case .corpusTooSmall(let tokens, let needed):
      "the training text gives \(tokens) tokens, but fitting needs at least \(needed); give a "
        + "longer --corpus"
    case .unreadableCorpus(let path, let reason):
      "cannot read the corpus \(path): \(reason)"
    case .optionOutOfRange(let option, let value, let allowed):
      "lens fit: \(option) is \(value), but it must be \(allowed)"
    case .singular(let layer):
      "the fit of layer \(layer) is singular; give more training tokens or a larger --ridge"
    }
  }
}
