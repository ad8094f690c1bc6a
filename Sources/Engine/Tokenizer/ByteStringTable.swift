/// A hash map from byte strings to `Int32` values that looks keys up in place, without building
/// an `Array` or `String` per lookup: the tokenizers' hot loops ask it "is this slice of the text
/// a token?" millions of times.
///
/// Keys live back to back in one buffer; open addressing with linear probing over a power-of-two
/// slot array. Each slot holds the entry and the high half of its key's hash, so a probe that
/// misses costs one memory access (large vocabularies do not fit in the cache, and most lookups
/// of the SentencePiece merge loop are misses).
struct ByteStringTable: Sendable {
  private var keyBytes: [UInt8] = []
  /// Start << 32 | length of each key in `keyBytes`.
  private var keySpans: [UInt64] = []
  private var hashes: [UInt64] = []
  private(set) var values: [Int32] = []
  /// Hash high half << 32 | (entry index + 1) per slot; 0 is an empty slot.
  private var slots: [UInt64]
  private var mask: Int
  /// One bit per hash value modulo its size, set for every key: a lookup of a string that is
  /// no key usually ends here, in a bitset small enough to stay in the cache.
  private var filter: [UInt64]
  private var filterMask: Int

  /// Number of keys.
  var count: Int { values.count }

  /// An empty table sized for about `capacity` keys.
  init(capacity: Int = 16) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = [UInt64](repeating: 0, count: size)
    mask = size - 1
    filter = [UInt64](repeating: 0, count: size / 8)
    filterMask = size * 8 - 1
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
    let span = keySpans[index]
    let start = Int(span >> 32)
    return Array(keyBytes[start..<(start + Int(span & 0xFFFF_FFFF))])
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
    keySpans.append(UInt64(keyBytes.count) << 32 | UInt64(key.count))
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
    let bit = Int(truncatingIfNeeded: hash >> 40) & filterMask
    guard filter.withUnsafeBufferPointer({ $0[bit >> 6] & (1 << UInt64(bit & 63)) }) != 0 else {
      return nil
    }
    var slot = Int(truncatingIfNeeded: hash) & mask
    let tag = hash >> 32
    return slots.withUnsafeBufferPointer { slots in
      while true {
        let marker = slots[slot]
        if marker == 0 { return nil }
        if marker >> 32 == tag {
          let index = Int(marker & 0xFFFF_FFFF) - 1
          let span = keySpans[index]
          if Int(span & 0xFFFF_FFFF) == key.count {
            let matches = keyBytes.withUnsafeBytes { stored in
              key.count == 0
                || memcmp(stored.baseAddress! + Int(span >> 32), key.baseAddress!, key.count) == 0
            }
            if matches { return index }
          }
        }
        slot = (slot + 1) & mask
      }
    }
  }

  private mutating func place(_ index: Int) {
    let hash = hashes[index]
    let bit = Int(truncatingIfNeeded: hash >> 40) & filterMask
    filter[bit >> 6] |= 1 << UInt64(bit & 63)
    var slot = Int(truncatingIfNeeded: hash) & mask
    while slots[slot] != 0 { slot = (slot + 1) & mask }
    slots[slot] = (hash >> 32) << 32 | UInt64(index + 1)
  }

  private mutating func grow() {
    slots = [UInt64](repeating: 0, count: slots.count * 2)
    mask = slots.count - 1
    filter = [UInt64](repeating: 0, count: slots.count / 8)
    filterMask = slots.count * 8 - 1
    for index in 0..<values.count { place(index) }
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
