/// Many short byte strings stored back to back in one buffer (a vocabulary's 262,144 token
/// texts cost one allocation, not 262,144).
struct FlatStrings: Sendable {
  private var storage: [UInt8] = []
  private var offsets: [Int] = [0]

  init() {}

  init<S: Sequence>(_ strings: S) where S.Element == [UInt8] {
    for string in strings { append(string) }
  }

  /// Number of strings.
  var count: Int { offsets.count - 1 }

  mutating func append(_ string: [UInt8]) {
    storage.append(contentsOf: string)
    offsets.append(storage.count)
  }

  /// The bytes of string `index`.
  subscript(index: Int) -> ArraySlice<UInt8> {
    storage[offsets[index]..<offsets[index + 1]]
  }

  /// The length of string `index`.
  func length(_ index: Int) -> Int {
    offsets[index + 1] - offsets[index]
  }
}
