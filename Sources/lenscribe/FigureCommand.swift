import ArgumentParser
import Foundation
import Publisher

/// `lenscribe figure [--out DIR] [--sha256 HEX ...] [BLOCK]`: one lens block, outside a site.
struct FigureCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "figure",
    abstract: "Run one lens block and write its figure and data.",
    discussion: """
      BLOCK is a file holding a lens block's keys (what goes between the ```lens fences of a \
      post: analysis:, prompt:, model:, options); without it the block is read from standard \
      input. The figure and its data are written to DIR/fig-ANALYSIS.svg and .json, and the \
      finding is printed. Every figure of a built page has a "Reproduce this figure" line \
      with the command for it. A model path in the block is relative to the current folder. \
      With --sha256, each model the block reads must be a file with one of these SHA-256s.
      """
  )

  @Argument(help: "A file with the block's keys (default: standard input).")
  var block: String?

  @Option(help: ArgumentHelp("The folder for the figure's files.", valueName: "DIR"))
  var out: String = "."

  @Option(help: ArgumentHelp("The SHA-256 a model must have (repeatable).", valueName: "HEX"))
  var sha256: [String] = []

  func run() throws {
    let text: String
    let source: String
    if let block {
      text = try Self.read(block)
      source = block
    } else {
      if isatty(0) != 0 {
        FileHandle.standardError.write(
          Data("lenscribe: reading the lens block from standard input (end it with Ctrl-D)\n".utf8))
      }
      var data = Data()
      while case let chunk = FileHandle.standardInput.readData(ofLength: 1 << 16), !chunk.isEmpty {
        data += chunk
        guard data.count <= 1 << 20 else {
          throw FigureInputError("standard input is over 1 MB: a lens block is a few lines")
        }
      }
      guard let decoded = String(data: data, encoding: .utf8) else {
        throw FigureInputError("standard input is not UTF-8 text")
      }
      text = decoded
      source = "<stdin>"
    }
    let made = try SingleFigure(block: text, source: source)
      .make(BuildOptions(log: Progress.line), sha256s: sha256)
    let folder = URL(fileURLWithPath: out)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for (suffix, content) in [("svg", made.svg), ("json", made.data)] {
      let file = folder.appendingPathComponent("fig-\(made.analysis).\(suffix)")
      try Data(content.utf8).write(to: file, options: .atomic)
      print("wrote \(file.path)")
    }
    print(made.finding)
  }

  /// A block file's text: a regular file of at most 1 MB of UTF-8.
  static func read(_ path: String) throws -> String {
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    guard let attributes, attributes[.type] as? FileAttributeType == .typeRegular else {
      throw FigureInputError("\(path) is not a regular file")
    }
    guard (attributes[.size] as? Int ?? 0) <= 1 << 20 else {
      throw FigureInputError("\(path) is over 1 MB: a lens block is a few lines")
    }
    guard let data = FileManager.default.contents(atPath: path),
      let text = String(data: data, encoding: .utf8)
    else { throw FigureInputError("\(path) is not readable UTF-8 text") }
    return text
  }
}

/// A block file or standard input that cannot be a lens block.
struct FigureInputError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
