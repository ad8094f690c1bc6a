/// The options of one kind of lens block, as the block wrote them: a `Decodable` struct whose
/// coding keys are the option names (`max-k`), every field optional (absent means the
/// analysis' default).
///
/// The decoder (`LensOptionsDecoder`) takes the allowed names from the type itself, so an
/// unknown option's message lists exactly the fields; the allowed values of a `LensChoice`
/// field come from its cases. Rules that one field states alone (ranges) go in `check`.
public protocol LensOptions: Decodable {
  /// Checks each field's own rule (ranges); throws `LensOptionError` naming the field.
  func check() throws(LensOptionError)
}

extension LensOptions {
  public func check() throws(LensOptionError) {}

  /// Throws unless `value` (when given) is in `range`.
  public func require(_ value: Int?, in range: ClosedRange<Int>, _ key: String)
    throws(LensOptionError)
  {
    guard let value, !range.contains(value) else { return }
    throw LensOptionError(
      key: key,
      "\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound), not \(value)")
  }

  /// Throws unless `value` (when given) is in `range`.
  public func require(_ value: Double?, in range: ClosedRange<Double>, _ key: String)
    throws(LensOptionError)
  {
    guard let value, !range.contains(value) else { return }
    throw LensOptionError(
      key: key,
      "\(key) must be a number from \(range.lowerBound) to \(range.upperBound), not \(value)")
  }
}

/// The options of a block that takes none (besides `bos`).
public struct NoLensOptions: LensOptions {
  /// No options.
  public init() {}
}

/// A field with a fixed set of allowed words (`measure: kl`); an error lists them.
///
/// A `String` raw-value enum that is `CaseIterable` gets both requirements for free:
/// `extension LogitLens.Options.Measure: LensChoice {}`.
public protocol LensChoice: Decodable {
  /// The words a block may write, in the order messages list them.
  static var choices: [String] { get }
}

extension LensChoice where Self: CaseIterable & RawRepresentable, RawValue == String {
  public static var choices: [String] { allCases.map(\.rawValue) }
}
