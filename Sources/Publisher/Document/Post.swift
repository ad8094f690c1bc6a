import CCmark
import Foundation

/// A post's source, read and checked: front matter, Markdown body, lens blocks, references.
public struct Post: Equatable, Sendable {
  /// The file, relative to the site folder (`posts/hello.md`).
  public let file: String
  /// The file name without `.md`: the post's folder in the built site.
  public let slug: String
  /// The front matter.
  public let frontMatter: FrontMatter
  /// The Markdown after the front matter.
  public let body: String
  /// The file line just before the body's first line.
  public let bodyLineOffset: Int
  /// The lens blocks, in document order.
  public let blocks: [LensBlock]
  /// The value references of the body and captions, with their file lines.
  let values: [PlacedValue]

  /// A value reference at its line.
  struct PlacedValue: Equatable, Sendable {
    let reference: ValueReference
    let line: Int
  }

  /// Figure cross-references look like `[@fig:label]`.
  static let referencePattern = #"\[@fig:([A-Za-z0-9][A-Za-z0-9_-]*)\]"#

  /// Parses the text of `file` and checks everything that does not need a model: the front
  /// matter, every lens block's common keys, unique labels, and that each reference has a target.
  /// All problems are reported together.
  public static func parse(_ text: String, file: String) throws(PublishError) -> Post {
    let slug = Self.slug(of: file)
    guard slug.range(of: #"^[a-z0-9][a-z0-9._-]*$"#, options: .regularExpression) != nil else {
      throw .sourceErrors([
        SourceError(
          file: file, line: 1,
          message:
            "the file name '\(slug)' becomes the post's address: use only lowercase letters, "
            + "digits, '-', '_' and '.', and start with a letter or digit")
      ])
    }
    do {
      try ControlCharacters.check(text, file: file)
    } catch {
      throw .sourceErrors([error])
    }
    let normalised = text.replacingOccurrences(of: "\r\n", with: "\n")
      .replacingOccurrences(of: "\u{FEFF}", with: "")
    let split: FrontMatter.Split
    let frontMatter: FrontMatter
    do {
      split = try FrontMatter.split(normalised, file: file)
      frontMatter = try FrontMatter.parse(split.yaml, file: file)
    } catch {
      throw .sourceErrors([error])
    }
    var errors: [SourceError] = []
    let tree = CmarkTree(split.body)
    var blocks: [LensBlock] = []
    for node in tree.nodes where node.isLensBlock {
      let line = split.bodyLineOffset + node.startLine
      do {
        blocks.append(try LensBlock.parse(node.literal, file: file, fenceLine: line))
      } catch {
        errors.append(error)
      }
    }
    var labels: [String: Int] = [:]
    for block in blocks {
      guard let label = block.label else { continue }
      if let first = labels[label] {
        errors.append(
          SourceError(
            file: file, line: block.line(of: "label"),
            message: "label '\(label)' is already used by the figure on line \(first)"))
      } else {
        labels[label] = block.line
      }
    }
    // Captions refer to figures too; a reference there is reported at the caption's line.
    let captionReferences: [(label: String, line: Int)] = blocks.flatMap { block in
      block.caption.map { caption -> [(label: String, line: Int)] in
        let captionTree = CmarkTree(caption.replacingOccurrences(of: "\n", with: " "))
        return references(in: captionTree, lineOffset: 0)
          .map { (label: $0.label, line: block.line(of: "caption")) }
      } ?? []
    }
    let known = labels.keys.sorted()
    let knownText = known.isEmpty ? "none" : known.joined(separator: ", ")
    for reference in references(in: tree, lineOffset: split.bodyLineOffset) + captionReferences
    where labels[reference.label] == nil {
      errors.append(
        SourceError(
          file: file, line: reference.line,
          message: "[@fig:\(reference.label)] refers to no figure: no lens block has "
            + "`label: \(reference.label)` (labels here: \(knownText))"
        ))
    }
    let captionValues: [(text: String, line: Int)] = blocks.compactMap { block in
      block.caption.map { ($0, block.line(of: "caption")) }
    }
    var values: [PlacedValue] = []
    for (text, line) in texts(in: tree, lineOffset: split.bodyLineOffset) + captionValues {
      for parsed in ValueReference.parse(text) {
        switch parsed {
        case .failure(let problem):
          errors.append(SourceError(file: file, line: line, message: problem.message))
        case .success(let (reference, _)) where labels[reference.label] == nil:
          errors.append(
            SourceError(
              file: file, line: line,
              message: "\(reference.source) refers to no lens block: none has "
                + "`label: \(reference.label)` (labels here: \(knownText))"))
        case .success(let (reference, _)):
          values.append(PlacedValue(reference: reference, line: line))
        }
      }
    }
    guard errors.isEmpty else { throw .sourceErrors(errors.sortedByLocation()) }
    return Post(
      file: file, slug: slug, frontMatter: frontMatter, body: split.body,
      bodyLineOffset: split.bodyLineOffset, blocks: blocks, values: values)
  }

  /// The slug of a post file: its name without folder and `.md`.
  static func slug(of file: String) -> String {
    let name = file.split(separator: "/").last.map(String.init) ?? file
    return name.hasSuffix(".md") ? String(name.dropLast(3)) : name
  }

  /// The `[@fig:label]` references of a tree's text, with their file lines.
  static func references(in tree: CmarkTree, lineOffset: Int) -> [(label: String, line: Int)] {
    let pattern = try! Regex(referencePattern)
    return texts(in: tree, lineOffset: lineOffset).flatMap { text, line in
      text.matches(of: pattern).map { ($0.output[1].substring.map(String.init) ?? "", line) }
    }
  }

  /// The text nodes of a tree (prose, not code), each with its file line.
  static func texts(in tree: CmarkTree, lineOffset: Int) -> [(text: String, line: Int)] {
    tree.consolidateText()
    var result: [(text: String, line: Int)] = []
    var blockLine = 0
    var breaks = 0
    for node in tree.nodes {
      if node.isBlock {
        blockLine = node.startLine
        breaks = 0
      } else if node.type == CMARK_NODE_SOFTBREAK || node.type == CMARK_NODE_LINEBREAK {
        breaks += 1
      } else if node.type == CMARK_NODE_TEXT {
        result.append((node.literal, lineOffset + blockLine + breaks))
      }
    }
    return result
  }
}

extension CmarkNode {
  /// Whether this is a fenced code block whose info string is `lens`.
  var isLensBlock: Bool {
    type == CMARK_NODE_CODE_BLOCK
      && fenceInfo.split(separator: " ").first.map(String.init) == "lens"
  }
}
