import Analysis
import Yams

/// A ```` ```lens ```` block of a post: its request, its presentation and where it is.
public struct LensBlock: Equatable, Sendable {
  /// The post file, relative to the site folder.
  public var file: String
  /// The line of the opening fence.
  public var line: Int
  /// The analysis the block names ("" when it names none).
  public var analysis: AnalysisKind
  /// The prompt, when the block has one.
  public var prompt: String?
  /// The model the block names itself (otherwise its post's or the site's).
  public var model: String?
  /// The caption under the figure (inline Markdown).
  public var caption: String?
  /// The name cross-references use (`[@fig:label]`).
  public var label: String?
  /// The analysis-specific keys.
  public var options: [String: LensValue]
  /// The file line of each key, to point errors at.
  public var keyLines: [String: Int]

  /// The keys every lens block may have; the others are the analysis' own options.
  public static let commonKeys = ["analysis", "prompt", "caption", "label", "model"]

  /// The line of `key`, or the block's fence line.
  public func line(of key: String?) -> Int {
    key.flatMap { keyLines[$0] } ?? line
  }

  /// Parses the YAML body of a block whose fence is on `fenceLine` of `file`.
  static func parse(_ body: String, file: String, fenceLine: Int) throws(SourceError) -> LensBlock {
    let yaml = YAMLSource(file: file, lineOffset: fenceLine)
    let entries = try yaml.mapping(body, what: "the lens block")
    var values: [String: YAMLSource.Entry] = [:]
    var keyLines: [String: Int] = [:]
    for entry in entries {
      values[entry.key] = entry
      keyLines[entry.key] = entry.line
    }
    // Which analyses exist, and which need a prompt, is the build's registry's to say; a block
    // without `analysis:` keeps an empty name, which the build reports with its registry.
    let analysis = AnalysisKind(try values["analysis"].map(yaml.string) ?? "")
    var block = LensBlock(
      file: file, line: fenceLine, analysis: analysis, options: [:], keyLines: keyLines)
    if let entry = values["prompt"] { block.prompt = try yaml.string(entry) }
    if let entry = values["model"] { block.model = try yaml.string(entry) }
    if let entry = values["caption"] { block.caption = try yaml.string(entry) }
    if let entry = values["label"] {
      let label = try yaml.string(entry)
      guard label.range(of: #"^[A-Za-z0-9][A-Za-z0-9_-]*$"#, options: .regularExpression) != nil
      else {
        throw SourceError(
          file: file, line: entry.line,
          message:
            "label '\(label)' may hold only letters, digits, '-' and '_' (it becomes an anchor)")
      }
      block.label = label
    }
    var budget = LensValue.valueLimit
    for entry in entries where !commonKeys.contains(entry.key) {
      do {
        block.options[entry.key] = try LensValue(entry.value, budget: &budget)
      } catch {
        throw SourceError(
          file: file, line: entry.line,
          message: "option '\(entry.key)' makes the block hold more than "
            + "\(LensValue.valueLimit) values (YAML aliases count each time they are used); "
            + "a lens option is a few words or numbers")
      }
    }
    return block
  }
}
