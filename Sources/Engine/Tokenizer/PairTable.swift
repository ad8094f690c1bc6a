/// A hash map from a pair of `Int32` ids to a pair of `Int32` values, for BPE merge lookups:
/// (left piece, right piece) -> (merge rank, merged piece). Open addressing, linear probing.
struct PairTable: Sendable {
  private var keys: [UInt64]
  private var values: [UInt64]
  private var mask: Int
  private(set) var count = 0

  private static let empty = UInt64.max

  /// An empty table sized for about `capacity` pairs.
  init(capacity: Int) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    keys = [UInt64](repeating: Self.empty, count: size)
    values = [UInt64](repeating: 0, count: size)
    mask = size - 1
  }

  @inline(__always)
  private static func key(_ left: Int32, _ right: Int32) -> UInt64 {
    UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
  }

  @inline(__always)
  private func slot(for key: UInt64) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
  }

  /// The values stored for (`left`, `right`), or nil.
  @inline(__always)
  func lookup(_ left: Int32, _ right: Int32) -> (first: Int32, second: Int32)? {
    let key = Self.key(left, right)
    var slot = slot(for: key)
    return keys.withUnsafeBufferPointer { keys in
      while true {
        let stored = keys[slot]
        if stored == key {
          let value = values[slot]
          return (Int32(truncatingIfNeeded: value >> 32), Int32(truncatingIfNeeded: value))
        }
        if stored == Self.empty { return nil }
        slot = (slot + 1) & mask
      }
    }
  }

  /// Stores (`first`, `second`) for (`left`, `right`) unless the pair is already present (the
  /// first merge rule for a pair wins, as in llama.cpp). Returns whether it was stored.
  @discardableResult
  mutating func insertIfAbsent(_ left: Int32, _ right: Int32, first: Int32, second: Int32) -> Bool {
    if (count + 1) * 2 > keys.count { grow() }
    let key = Self.key(left, right)
    var slot = slot(for: key)
    while keys[slot] != Self.empty {
      if keys[slot] == key { return false }
      slot = (slot + 1) & mask
    }
    keys[slot] = key
    values[slot] = UInt64(UInt32(bitPattern: first)) << 32 | UInt64(UInt32(bitPattern: second))
    count += 1
    return true
  }

  private mutating func grow() {
    let oldKeys = keys
    let oldValues = values
    keys = [UInt64](repeating: Self.empty, count: oldKeys.count * 2)
    values = [UInt64](repeating: 0, count: oldKeys.count * 2)
    mask = keys.count - 1
    for index in oldKeys.indices where oldKeys[index] != Self.empty {
      var slot = slot(for: oldKeys[index])
      while keys[slot] != Self.empty { slot = (slot + 1) & mask }
      keys[slot] = oldKeys[index]
      values[slot] = oldValues[index]
    }
  }
}
