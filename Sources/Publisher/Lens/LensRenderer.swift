import Analysis

/// Turns one kind of lens block into its figure: the step the analyses and figures plug in.
///
/// A renderer is asked to `validate` every block of its kind before anything runs, so a bad block
/// in the last post fails the build before the first model loads. `render` runs only when the
/// cache has no result for the request made by the same code (`CodeIdentity`): everything that
/// can change its output must be in the request or in the code.
public protocol LensRenderer {
  /// The analysis this renderer draws: the name lens blocks give in `analysis:`.
  var analysis: AnalysisKind { get }
  /// Whether a block must have a `prompt:` (true unless the renderer says otherwise).
  var needsPrompt: Bool { get }
  /// The analysis' section in a one-shot `report`, or nil to leave it out of reports.
  var reportSection: ReportSection? { get }
  /// Checks the block's analysis-specific options; throws `LensOptionError`.
  func validate(_ request: LensRequest) throws(LensOptionError)
  /// The models the request reads (registry names or paths); the request's own model by default.
  func models(for request: LensRequest) -> [String]
  /// Runs the analysis and draws its figure.
  func render(_ request: LensRequest, in environment: LensEnvironment) throws -> LensFigure
}

extension LensRenderer {
  public func models(for request: LensRequest) -> [String] { [request.model] }
  public var needsPrompt: Bool { true }
  public var reportSection: ReportSection? { nil }
}
