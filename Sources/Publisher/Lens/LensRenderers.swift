import Analysis

/// The renderers a build can use, one per analysis: the registry of analyses. Its order is
/// the order of lists in messages and of sections in a `report`.
public struct LensRenderers {
  private var byAnalysis: [AnalysisKind: any LensRenderer] = [:]
  private var order: [AnalysisKind] = []

  /// A set of renderers; a later one for the same analysis replaces an earlier one.
  public init(_ renderers: [any LensRenderer] = []) {
    for renderer in renderers {
      if byAnalysis[renderer.analysis] == nil { order.append(renderer.analysis) }
      byAnalysis[renderer.analysis] = renderer
    }
  }

  /// The renderers that ship with lenscribe, in reading order; a new analysis adds its
  /// renderer here and nowhere else.
  public static var standard: LensRenderers {
    LensRenderers([
      PredictionsRenderer(), LogitLensRenderer(), LensQualityRenderer(), TrajectoryRenderer(),
      ResidualChangeRenderer(),
      AttentionRenderer(), AttentionSinksRenderer(), MassiveActivationsRenderer(),
      DictionaryRenderer(), MemoryPurgeRenderer(), CapacityRenderer(), CompareRenderer(),
      PatchingRenderer(), AblationRenderer(), PatchscopeRenderer(),
      SteeringRenderer(),
    ])
  }

  /// The renderer for `analysis`, if there is one.
  public func renderer(for analysis: AnalysisKind) -> (any LensRenderer)? {
    byAnalysis[analysis]
  }

  /// The analyses these renderers cover, in the order they were given.
  public var available: [AnalysisKind] { order }

  /// The renderers, in the order they were given.
  public var all: [any LensRenderer] { order.map { byAnalysis[$0]! } }
}
