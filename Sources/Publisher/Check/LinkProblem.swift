/// A link of a built page that leads nowhere.
public struct LinkProblem: Equatable, Hashable, Sendable, CustomStringConvertible {
  /// The page, relative to the output folder (`posts/hello/index.html`).
  public let page: String
  /// The link as the page writes it.
  public let link: String
  /// Why it is broken.
  public let reason: String

  /// A broken link.
  public init(page: String, link: String, reason: String) {
    self.page = page
    self.link = link
    self.reason = reason
  }

  public var description: String { "\(page): broken link '\(link)': \(reason)" }
}
