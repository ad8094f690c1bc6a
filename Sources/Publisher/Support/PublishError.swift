/// What can go wrong when building or checking a site; the messages say what to do.
public enum PublishError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The folder has no `lenscribe.yml`.
  case siteNotFound(path: String)
  /// One or more problems in the site's sources; nothing was written.
  case sourceErrors([SourceError])
  /// Links or anchors of the built pages that lead nowhere; nothing was written.
  case brokenLinks([LinkProblem])
  /// `--single-file` named a post the site does not have.
  case postNotFound(String, known: [String])
  /// `lenscribe check` found no built site.
  case notBuilt(path: String)
  /// A file or folder could not be read.
  case unreadable(path: String, reason: String)
  /// A file or folder could not be written.
  case unwritable(path: String, reason: String)
  /// A site's own template does not parse.
  case badTemplate(path: String, reason: String)
  /// The preview server could not start.
  case serveFailed(reason: String)
  /// The output (`public/`) is a link or a file, which a build would replace.
  case outputNotAFolder(path: String, what: String)
  /// A link in the site that lenscribe does not follow (`SiteLinks` has the rule).
  case badLink(path: String, reason: String)

  public var description: String {
    switch self {
    case .siteNotFound(let path):
      "\(path) is not a lenscribe site: it has no lenscribe.yml; create one with at least "
        + "`title:` and `base-url:`, or pass the site folder (default ./site)"
    case .sourceErrors(let errors):
      errors.map(\.description).joined(separator: "\n")
    case .brokenLinks(let problems):
      problems.map(\.description).joined(separator: "\n")
    case .postNotFound(let name, let known):
      "no post '\(name)' in posts/ (posts: \(known.isEmpty ? "none" : known.joined(separator: ", ")))"
        + "; name a post by its file (posts/NAME.md) or its slug"
    case .notBuilt(let path):
      "\(path) does not exist: build the site first with `lenscribe build`"
    case .unreadable(let path, let reason):
      "cannot read \(path): \(reason)"
    case .unwritable(let path, let reason):
      "cannot write \(path): \(reason); check that the folder is writable and the disk not full"
    case .badTemplate(let path, let reason):
      "template \(path) does not parse: \(reason); fix it or delete it to use the default"
    case .serveFailed(let reason):
      "cannot start the preview server: \(reason)"
    case .outputNotAFolder(let path, let what):
      "\(path) is \(what), not a folder that lenscribe wrote; a build replaces public/ as a "
        + "whole, so move it away (nothing was written)"
    case .badLink(let path, let reason):
      "\(path): \(reason); lenscribe follows links only to files inside the site folder: "
        + "copy the file into the site instead"
    }
  }
}
