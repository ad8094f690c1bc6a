import Foundation

/// The text of each value reference in a post, read from its blocks' results.
struct ValueTable {
  /// What each reference (as written) reads as.
  private(set) var texts: [String: String] = [:]
  /// The references that lead to no value, at their lines.
  private(set) var problems: [SourceError] = []

  init(post: Post, figures: [PlacedFigure]) {
    var results: [String: JSONValue] = [:]
    for placed in post.values {
      let reference = placed.reference
      guard texts[reference.source] == nil else { continue }
      guard let figure = figures.first(where: { $0.block.label == reference.label }) else {
        continue  // Post.parse reported it
      }
      if results[reference.label] == nil {
        results[reference.label] = JSONValue.parse(figure.figure.data) ?? .null
      }
      switch reference.text(in: results[reference.label]!) {
      case .success(let text): texts[reference.source] = text
      case .failure(let problem):
        problems.append(SourceError(file: post.file, line: placed.line, message: problem.message))
      }
    }
  }

  /// Fails with every unreadable reference of `posts`, each at its `post.md:LINE`.
  static func check(_ posts: [Post], figures: [[PlacedFigure]]) throws(PublishError) {
    let problems = zip(posts, figures).flatMap { ValueTable(post: $0, figures: $1).problems }
    guard problems.isEmpty else { throw .sourceErrors(problems.sortedByLocation()) }
  }
}
