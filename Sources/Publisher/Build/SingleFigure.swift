import Foundation
import Yams

/// One lens block on its own, outside any site: what `lenscribe figure` runs, and what the
/// "Reproduce this figure" line under each figure of a page tells a reader to type.
///
/// The block is built as the only block of a one-post site in a temporary folder, so that it
/// is checked, run and drawn exactly as in a site; a model path in it is relative to the
/// current folder.
public struct SingleFigure {
  /// The block's YAML: what goes between the fences.
  public let block: String
  /// Where the block comes from, for messages (`block.yml`, `<stdin>`).
  public let source: String

  /// A block read from `source`.
  public init(block: String, source: String) {
    self.block = block
    self.source = source
  }

  /// What the block made.
  public struct Made: Sendable {
    /// The figure's SVG document.
    public let svg: String
    /// Its data (the result JSON).
    public let data: String
    /// The finding sentences.
    public let finding: String
    /// The analysis, for file names.
    public let analysis: String
    /// The models it read.
    public let models: [ModelFile]
  }

  /// The lines of the temporary post before the block's first line.
  static let header = "---\ntitle: Figure\ndate: 2000-01-01\nsummary: One figure.\n---\n```lens\n"
  static var headerLines: Int { header.split(separator: "\n", omittingEmptySubsequences: false).count - 1 }

  /// Runs the block; with `sha256s`, every model it reads must have one of them.
  public func make(_ options: BuildOptions, sha256s: [String] = []) throws(PublishError) -> Made {
    if block.split(separator: "\n").contains(where: { $0.hasPrefix("```") }) {
      throw .sourceErrors([
        SourceError(
          file: source, line: 1,
          message: "give the block's keys only (analysis:, prompt:, ...), without its ``` fences")
      ])
    }
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("lenscribe-figure-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let tree: OutputTree
    let report: BuildReport
    do {
      try FileManager.default.createDirectory(
        at: folder.appendingPathComponent("posts"), withIntermediateDirectories: true)
      try Data("title: Figure\nauthor: lenscribe\nbase-url: https://example.org/\n".utf8)
        .write(to: folder.appendingPathComponent("lenscribe.yml"))
      let body = block.hasSuffix("\n") ? block : block + "\n"
      try Data((Self.header + body + "```\n").utf8)
        .write(to: folder.appendingPathComponent("posts/figure.md"))
    } catch {
      throw .unwritable(path: folder.path, reason: error.localizedDescription)
    }
    do {
      (tree, report) = try SiteBuilder(folder: folder).tree(options)
    } catch .sourceErrors(let errors) {
      throw .sourceErrors(
        errors.map {
          SourceError(
            file: source, line: max(1, $0.line - Self.headerLines), message: $0.message)
        })
    }
    if !sha256s.isEmpty {
      let wanted = Set(sha256s.map { $0.lowercased() })
      for model in report.models where !wanted.contains(model.sha256) {
        throw .sourceErrors([
          SourceError(
            file: source, line: 1,
            message: "model \(model.name) is \(model.fileName) with SHA-256 \(model.sha256), "
              + "not \(sha256s.joined(separator: " or ")): another file than the figure was made from")
        ])
      }
    }
    let prefix = "posts/figure/fig-1-"
    guard let svgPath = tree.paths.first(where: { $0.hasPrefix(prefix) && $0.hasSuffix(".svg") }),
      let svg = tree.text(svgPath),
      let data = tree.text(String(svgPath.dropLast(4)) + ".json"),
      let page = tree.text("posts/figure/index.md")
    else {
      throw .sourceErrors([SourceError(file: source, line: 1, message: "the block made no figure")])
    }
    let analysis = String(svgPath.dropFirst(prefix.count).dropLast(4))
    return Made(
      svg: svg, data: data, finding: Self.finding(inMarkdown: page), analysis: analysis,
      models: report.models)
  }

  /// The finding paragraph of the one figure of a built post's Markdown (after the caption).
  static func finding(inMarkdown page: String) -> String {
    let paragraphs = page.components(separatedBy: "\n\n")
    guard let number = paragraphs.firstIndex(where: { $0.hasPrefix("**Figure 1.**") }),
      number + 1 < paragraphs.count
    else { return "" }
    return paragraphs[number + 1].replacingOccurrences(of: "\\", with: "")
  }

  /// The shell command that makes `request`'s figure again: the block as a here-document,
  /// every model's SHA-256 checked.
  static func command(for request: LensRequest, models: [ModelFile]) -> String {
    var keys: [(String, LensValue)] = [("analysis", .string(request.analysis.rawValue))]
    keys.append(("model", .string(request.model)))
    if let prompt = request.prompt { keys.append(("prompt", .string(prompt))) }
    keys += request.options.keys.sorted().map { ($0, request.options[$0]!) }
    let yaml = keys.map { "\($0.0): \(Self.yaml($0.1))" }.joined(separator: "\n")
    let checks = models.map { " --sha256 \($0.sha256)" }.joined()
    return "lenscribe figure\(checks) <<'LENS'\n\(yaml)\nLENS"
  }

  /// A value in YAML's flow style, strings quoted where plain YAML would read them otherwise.
  static func yaml(_ value: LensValue, inFlow: Bool = false) -> String {
    switch value {
    case .string(let text):
      let plain = (try? Yams.load(yaml: "k: " + text) as? [String: String])?["k"] == text
      let flowSafe = !inFlow || !text.contains(where: { ",[]{}:#\"'".contains($0) })
      return plain && flowSafe && !text.contains("\n") && !text.hasPrefix(" ")
        ? text : Self.quoted(text)
    case .int(let number): return String(number)
    case .double(let number): return String(number)
    case .bool(let flag): return flag ? "true" : "false"
    case .null: return "null"
    case .list(let items): return "[" + items.map { yaml($0, inFlow: true) }.joined(separator: ", ") + "]"
    case .map(let members):
      return "{" + members.keys.sorted().map { "\($0): \(yaml(members[$0]!, inFlow: true))" }
        .joined(separator: ", ") + "}"
    }
  }

  /// A double-quoted YAML string.
  static func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\t": result += "\\t"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }
}
