import Analysis

/// Reads a lens block's analysis options, with errors that name the option and the allowed ones.
struct BlockOptions {
  let request: LensRequest
  /// The options this analysis knows (`bos` is added to every list).
  let allowed: [String]

  init(_ request: LensRequest, allowed: [String]) {
    self.request = request
    self.allowed = (allowed + ["bos"]).sorted()
  }

  /// Throws for an option the analysis does not know. (Whether a prompt is needed, the build
  /// checks from `LensRenderer.needsPrompt` before any renderer sees the block.)
  func checkKeys() throws(LensOptionError) {
    for key in request.options.keys.sorted() where !allowed.contains(key) {
      throw LensOptionError(
        key: key,
        "unknown option '\(key)' for \(request.analysis.rawValue) (allowed: "
          + allowed.joined(separator: ", ") + ")")
    }
  }

  /// The prompt ("" when the block has none).
  var prompt: String { request.prompt ?? "" }

  /// `bos: true|false`, nil when absent (the model's default).
  func bos() throws(LensOptionError) -> Bool? {
    guard let value = request.options["bos"] else { return nil }
    guard case .bool(let flag) = value else {
      throw LensOptionError(key: "bos", "bos must be true or false, not \(value)")
    }
    return flag
  }

  /// A whole number option in `range`, nil when absent.
  func int(_ key: String, in range: ClosedRange<Int>) throws(LensOptionError) -> Int? {
    guard let value = request.options[key] else { return nil }
    guard case .int(let number) = value, range.contains(number) else {
      throw LensOptionError(
        key: key,
        "\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound), "
          + "not \(value)")
    }
    return number
  }

  /// A number option in `range`, nil when absent.
  func double(_ key: String, in range: ClosedRange<Double>) throws(LensOptionError) -> Double? {
    guard let value = request.options[key] else { return nil }
    let number: Double
    switch value {
    case .int(let whole): number = Double(whole)
    case .double(let real): number = real
    default: number = .nan
    }
    guard range.contains(number) else {
      throw LensOptionError(
        key: key,
        "\(key) must be a number from \(range.lowerBound) to \(range.upperBound), not \(value)")
    }
    return number
  }

  /// One of the cases of `type`, by raw value, nil when absent; the message lists the cases.
  func choice<T: CaseIterable & RawRepresentable>(_ key: String, _ type: T.Type) throws(LensOptionError) -> T?
  where T.RawValue == String {
    guard let text = try choice(key, type.allCases.map(\.rawValue)) else { return nil }
    return T(rawValue: text)
  }

  /// One of `choices`, nil when absent.
  func choice(_ key: String, _ choices: [String]) throws(LensOptionError) -> String? {
    guard let value = request.options[key] else { return nil }
    guard case .string(let text) = value, choices.contains(text) else {
      throw LensOptionError(
        key: key, "\(key) must be one of " + choices.joined(separator: ", ") + ", not \(value)")
    }
    return text
  }
}
