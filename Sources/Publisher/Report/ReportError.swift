import Formatting

/// What can stop `lenscribe report`; the messages say what is wrong and what to do. Nothing is
/// left half written when one of these is thrown.
public enum ReportError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The prompt is empty or only white space.
  case emptyPrompt
  /// The prompt has a control character other than tab and line breaks (`U+001B`), which no
  /// page can show (`ControlCharacters`).
  case controlCharacter(String)
  /// The prompt has more tokens than the model's context.
  case promptTooLong(tokens: Int, context: Int, model: String)
  /// The prompt's trace would not fit in this machine's memory.
  case promptTooLarge(tokens: Int, bytes: Double, available: Double)
  /// The output folder exists and holds something other than a report.
  case notAReportFolder(path: String, reason: String)
  /// `--date` is not a calendar date.
  case badDate(String)
  /// `--corrupted` cannot be compared with the prompt (what is wrong with it).
  case badCorrupted(String)

  public var description: String {
    switch self {
    case .emptyPrompt:
      "the prompt is empty: pass the text to run through the model, like "
        + "lenscribe report \"I go to the basketball court to\""
    case .controlCharacter(let name):
      "the prompt has a control character \(name); " + ControlCharacters.advice
    case .promptTooLong(let tokens, let context, let model):
      "the prompt is \(tokens) tokens long, more than the \(context) tokens of \(model)'s "
        + "context; shorten it"
    case .promptTooLarge(let tokens, let bytes, let available):
      "the prompt is \(tokens) tokens long: recording every layer of it takes about "
        + "\(Self.gigabytes(bytes)) of memory, more than the \(Self.gigabytes(available)) this "
        + "report may use; shorten the prompt"
    case .notAReportFolder(let path, let reason):
      "\(path) \(reason); lenscribe report writes only into a new or empty folder or one it "
        + "wrote before, so pass another folder with --out"
    case .badDate(let text):
      "date '\(text)' is not a calendar date written YYYY-MM-DD"
    case .badCorrupted(let reason):
      "the corrupted prompt (--corrupted) \(reason)"
    }
  }

  private static func gigabytes(_ bytes: Double) -> String {
    NumberText.fixed(bytes / 1e9, 1) + " GB"
  }
}
