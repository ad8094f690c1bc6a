/// A hash map from byte strings to `Int32` values that looks keys up in place, without building
/// an `Array` or `String` per lookup: the tokenizers' hot loops ask it "is this slice of the text
/// a token?" millions of times.
///
/// Keys live back to back in one buffer; open addressing with linear probing over a power-of-two
/// slot array, FNV-1a hashes kept per entry so most mismatches cost one integer compare.
struct ByteStringTable: Sendable {
  private var keyBytes: [UInt8] = []
  private var keyStart: [Int32] = []
  private var keyLength: [Int32] = []
  private var hashes: [UInt64] = []
  private(set) var values: [Int32] = []
  /// Entry index + 1 per slot; 0 is an empty slot.
  private var slots: [Int32]
  private var mask: Int

  /// Number of keys.
  var count: Int { values.count }

  /// An empty table sized for about `capacity` keys.
  init(capacity: Int = 16) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = [Int32](repeating: 0, count: size)
    mask = size - 1
  }

  /// FNV-1a over `bytes`.
  @inline(__always)
  static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }
    return hash ^ (hash >> 29)
  }

  /// The value stored for `key`, or nil.
  @inline(__always)
  func value(for key: UnsafeRawBufferPointer) -> Int32? {
    entry(for: key, hash: Self.hash(key)).map { values[$0] }
  }

  /// The value stored for `key`, or nil.
  func value(for key: [UInt8]) -> Int32? {
    key.withUnsafeBytes { value(for: $0) }
  }

  /// The key of entry `index`.
  func key(at index: Int) -> [UInt8] {
    let start = Int(keyStart[index])
    return Array(keyBytes[start..<(start + Int(keyLength[index]))])
  }

  /// Stores `value` for `key`. With `replace` false an existing value is kept. Returns the
  /// entry index of the key.
  @discardableResult
  mutating func insert(_ key: [UInt8], value: Int32, replace: Bool) -> Int {
    key.withUnsafeBytes { insert($0, value: value, replace: replace) }
  }

  /// Stores `value` for `key`. With `replace` false an existing value is kept. Returns the
  /// entry index of the key.
  @discardableResult
  mutating func insert(_ key: UnsafeRawBufferPointer, value: Int32, replace: Bool) -> Int {
    let hash = Self.hash(key)
    if let existing = entry(for: key, hash: hash) {
      if replace { values[existing] = value }
      return existing
    }
    if (values.count + 1) * 2 > slots.count { grow() }
    let index = values.count
    keyStart.append(Int32(keyBytes.count))
    keyLength.append(Int32(key.count))
    keyBytes.append(contentsOf: key)
    hashes.append(hash)
    values.append(value)
    place(index)
    return index
  }

  /// The entry index of `key`, or nil.
  @inline(__always)
  func index(of key: UnsafeRawBufferPointer) -> Int? {
    entry(for: key, hash: Self.hash(key))
  }

  /// The entry index of `key`, or nil.
  func index(ofBytes key: [UInt8]) -> Int? {
    key.withUnsafeBytes { index(of: $0) }
  }

  @inline(__always)
  private func entry(for key: UnsafeRawBufferPointer, hash: UInt64) -> Int? {
    var slot = Int(truncatingIfNeeded: hash) & mask
    return slots.withUnsafeBufferPointer { slots in
      keyBytes.withUnsafeBytes { stored in
        while true {
          let marker = Int(slots[slot])
          if marker == 0 { return nil }
          let index = marker - 1
          if hashes[index] == hash, Int(keyLength[index]) == key.count {
            let start = Int(keyStart[index])
            if key.count == 0
              || memcmp(stored.baseAddress! + start, key.baseAddress!, key.count) == 0
            {
              return index
            }
          }
          slot = (slot + 1) & mask
        }
      }
    }
  }

  private mutating func place(_ index: Int) {
    var slot = Int(truncatingIfNeeded: hashes[index]) & mask
    while slots[slot] != 0 { slot = (slot + 1) & mask }
    slots[slot] = Int32(index + 1)
  }

  private mutating func grow() {
    slots = [Int32](repeating: 0, count: slots.count * 2)
    mask = slots.count - 1
    for index in 0..<values.count { place(index) }
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
