import Foundation

/// JSON as lenscribe writes it everywhere: sorted keys, two-space indent, no escaped slashes,
/// LF, a final newline. The same value always gives the same bytes.
package enum CanonicalJSON {
  /// Encodes `value` canonically.
  package static func data<T: Encodable>(_ value: T) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    var data = try encoder.encode(value)
    data.append(0x0A)
    return data
  }

  /// Encodes `value` canonically, as text.
  package static func string<T: Encodable>(_ value: T) throws -> String {
    String(decoding: try data(value), as: UTF8.self)
  }
}
