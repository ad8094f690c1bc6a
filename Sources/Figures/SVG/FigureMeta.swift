/// What every figure says about itself: id slug, accessible title and description, caption.
public struct FigureMeta: Sendable, Equatable {
  /// Slug all ids in the figure derive from (lowercased, `[a-z0-9-]` only).
  public var slug: String
  /// Short title, the root's `<title>`.
  public var title: String
  /// One or two sentences for screen readers, the root's `<desc>`.
  public var description: String
  /// Caption drawn under the figure, if any.
  public var caption: String?
  /// Address of the figure's data table (linked from the caption line), if any.
  public var dataLink: String?
  /// `data-*` attributes of the root `<svg>` for the page's figure script (name without
  /// `data-`), written in name order.
  public var scriptData: [String: String] = [:]

  /// A figure's metadata; `slug` is cleaned into an id-safe form.
  public init(
    slug: String, title: String, description: String, caption: String? = nil,
    dataLink: String? = nil
  ) {
    self.slug = Self.clean(slug)
    self.title = title
    self.description = description
    self.caption = caption
    self.dataLink = dataLink
  }

  /// The id of part `name` of this figure (`slug-name`).
  public func id(_ name: String) -> String { slug + "-" + name }

  /// `text` lowercased with every run of other characters than `a-z0-9` made one `-`;
  /// starts with a letter (`fig-` is put in front otherwise).
  public static func clean(_ text: String) -> String {
    var result = ""
    var dash = false
    for scalar in text.lowercased().unicodeScalars {
      if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
        if dash && !result.isEmpty { result += "-" }
        result.unicodeScalars.append(scalar)
        dash = false
      } else {
        dash = true
      }
    }
    if result.isEmpty { return "fig" }
    if let first = result.unicodeScalars.first, !("a"..."z").contains(first) {
      result = "fig-" + result
    }
    return result
  }
}
