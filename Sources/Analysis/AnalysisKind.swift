/// The name of an analysis, as a lens block's `analysis:` key writes it.
///
/// Not a closed list: each analysis declares its own name beside its code
/// (`extension AnalysisKind { static let logitLens: AnalysisKind = "logit-lens" }`), and the
/// publisher's registry (`LensRenderers.standard`) says which ones a build can run.
public struct AnalysisKind: RawRepresentable, Hashable, Comparable, Sendable, Codable,
  ExpressibleByStringLiteral, CustomStringConvertible
{
  public let rawValue: String

  public init(rawValue: String) { self.rawValue = rawValue }
  public init(_ name: String) { rawValue = name }
  public init(stringLiteral name: String) { rawValue = name }

  public var description: String { rawValue }

  public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}
