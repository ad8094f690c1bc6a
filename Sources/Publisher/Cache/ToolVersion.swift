/// lenscribe's version as the result cache sees it: part of every cache key, so a new release
/// recomputes every figure once. Never written into pages.
public enum ToolVersion {
  /// The current version.
  public static let current = "0.1.0"
}
