import Analysis

/// The renderers a build can use, one per analysis.
public struct LensRenderers {
  private var byAnalysis: [AnalysisKind: any LensRenderer] = [:]

  /// A set of renderers; a later one for the same analysis replaces an earlier one.
  public init(_ renderers: [any LensRenderer] = []) {
    for renderer in renderers { byAnalysis[renderer.analysis] = renderer }
  }

  /// The renderers that ship with lenscribe; each analysis adds its own here as it lands.
  public static var standard: LensRenderers {
    LensRenderers([
      PredictionsRenderer(), LogitLensRenderer(), ResidualChangeRenderer(),
      AttentionSinksRenderer(), DictionaryRenderer(), CapacityRenderer(), MemoryPurgeRenderer(),
      CompareRenderer(),
      TrajectoryRenderer(), AttentionRenderer(),
    ])
  }

  /// The renderer for `analysis`, if there is one.
  public func renderer(for analysis: AnalysisKind) -> (any LensRenderer)? {
    byAnalysis[analysis]
  }

  /// The analyses these renderers cover, in the order of `AnalysisKind`.
  public var available: [AnalysisKind] {
    AnalysisKind.allCases.filter { byAnalysis[$0] != nil }
  }
}
