import Foundation
import Testing

/// Committed SVG goldens under `Tests/FiguresTests/Golden`; `LENSCRIBE_UPDATE_GOLDENS=1`
/// rewrites them in the source tree and fails the run so that an update is never silent.
enum Golden {
  static var updating: Bool {
    ProcessInfo.processInfo.environment["LENSCRIBE_UPDATE_GOLDENS"] == "1"
  }

  static func check(_ name: String, _ text: String, sourceFile: String = #filePath) throws {
    if updating {
      let folder = URL(fileURLWithPath: sourceFile).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Golden")
      try Data(text.utf8).write(to: folder.appendingPathComponent(name), options: .atomic)
      Issue.record(
        "rewrote golden \(name); review the diff and run again without LENSCRIBE_UPDATE_GOLDENS")
      return
    }
    guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Golden"),
      let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path)
    else {
      Issue.record("golden \(name) is missing: run the tests once with LENSCRIBE_UPDATE_GOLDENS=1")
      return
    }
    let expected = String(decoding: data, as: UTF8.self)
    if text != expected {
      let mine = text.split(separator: "\n", omittingEmptySubsequences: false)
      let theirs = expected.split(separator: "\n", omittingEmptySubsequences: false)
      let first =
        (0..<min(mine.count, theirs.count)).first { mine[$0] != theirs[$0] }
        ?? min(mine.count, theirs.count)
      let got = first < mine.count ? String(mine[first]) : "<end>"
      let want = first < theirs.count ? String(theirs[first]) : "<end>"
      Issue.record(
        "\(name) differs from its golden at line \(first + 1):\n got: \(got)\nwant: \(want)")
    }
  }
}
