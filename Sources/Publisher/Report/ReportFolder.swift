import Foundation

/// The folder a report is written to: new, empty, or one `lenscribe report` wrote before (its
/// `lenscribe.yml` opens with `marker`). Anything else is refused, so no unrelated file is
/// overwritten.
enum ReportFolder {
  /// What the folder is now.
  enum State: Equatable {
    /// Nothing there yet.
    case absent
    /// An empty folder.
    case empty
    /// A site written by `lenscribe report`.
    case report
  }

  /// The first line of a report site's `lenscribe.yml`.
  static let marker = "# Written by lenscribe report"

  /// The `lenscribe.yml` of a new report site.
  static let config = """
    \(marker): `lenscribe report` adds and updates posts here.
    # Set base-url to where the site will live before publishing it.
    title: lenscribe reports
    base-url: https://example.org/reports/

    """

  /// The state of `folder`; throws when it holds something else.
  static func state(of folder: URL) throws(ReportError) -> State {
    let manager = FileManager.default
    var isFolder: ObjCBool = false
    guard manager.fileExists(atPath: folder.path, isDirectory: &isFolder) else { return .absent }
    guard isFolder.boolValue else {
      throw .notAReportFolder(path: folder.path, reason: "is a file, not a folder")
    }
    let entries: [String]
    do {
      entries = try manager.contentsOfDirectory(atPath: folder.path)
    } catch {
      throw .notAReportFolder(path: folder.path, reason: "cannot be read (\(error))")
    }
    if entries.isEmpty { return .empty }
    let config = folder.appendingPathComponent("lenscribe.yml")
    guard let text = try? String(contentsOf: config, encoding: .utf8) else {
      throw .notAReportFolder(
        path: folder.path,
        reason: "exists and is not a report folder (it holds "
          + entries.sorted().prefix(3).joined(separator: ", ")
          + (entries.count > 3 ? ", ..." : "") + " but no lenscribe.yml written by lenscribe "
          + "report)")
    }
    guard text.hasPrefix(marker) else {
      throw .notAReportFolder(
        path: folder.path,
        reason: "holds a lenscribe site that lenscribe report did not write (its lenscribe.yml "
          + "does not open with '\(marker)')")
    }
    return .report
  }
}
