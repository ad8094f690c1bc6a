/// The analyses a lens block can name (DESIGN.md, "Write-up sources").
///
/// The analyses themselves land one file each in this target; this list is the vocabulary the
/// publisher validates lens blocks against.
public enum AnalysisKind: String, CaseIterable, Sendable, Codable {
  case predictions
  case logitLens = "logit-lens"
  case trajectory
  case residualChange = "residual-change"
  case attention
  case attentionSinks = "attention-sinks"
  case dictionary
  case capacity
  case memoryPurge = "memory-purge"
  case compare
}
