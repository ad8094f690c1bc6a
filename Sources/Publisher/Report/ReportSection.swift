/// The words around one analysis in a report: heading, introduction, caption, and the line the
/// summary gives it. Plain prose without numbers; the figure's finding carries the numbers.
/// Each renderer gives its own (`LensRenderer.reportSection`).
public struct ReportSection: Equatable, Sendable {
  public let heading: String
  public let intro: String
  public let caption: String
  public let summary: String
  /// Whether the report's block gives the analysis the prompt (false for properties of the
  /// model alone, such as capacity).
  public let readsPrompt: Bool
  /// Whether the block compares the prompt with a corrupted one of the same token length
  /// (`prompts: [PROMPT, CORRUPTED]`, from `report --corrupted`); a report without one leaves
  /// the section out.
  public let comparesCorrupted: Bool

  /// A section.
  public init(
    heading: String, intro: String, caption: String, summary: String, readsPrompt: Bool = true,
    comparesCorrupted: Bool = false
  ) {
    self.heading = heading
    self.intro = intro
    self.caption = caption
    self.summary = summary
    self.readsPrompt = readsPrompt
    self.comparesCorrupted = comparesCorrupted
  }
}
