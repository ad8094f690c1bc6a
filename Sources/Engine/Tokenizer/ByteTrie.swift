/// A trie over byte strings that finds, in one pass over a text, which of its keys occur in it.
///
/// The first byte is looked up in a 256-entry table, so text without any key's first byte
/// (ordinary prose against `<...>` control tokens) costs one array read per byte.
struct ByteTrie: Sendable {
  /// Node reached by the first byte (0: none; nodes are numbered from 1).
  private var root = [Int32](repeating: 0, count: 256)
  /// (node << 8 | byte) -> child node, below the first level.
  private var children: [UInt64: Int32] = [:]
  /// Node -> indices of the keys that end there.
  private var keysEndingAt: [Int32: [Int]] = [:]
  private var nodeCount: Int32 = 0

  init(keys: [[UInt8]]) {
    for (index, key) in keys.enumerated() where !key.isEmpty {
      var node = root[Int(key[0])]
      if node == 0 {
        nodeCount += 1
        node = nodeCount
        root[Int(key[0])] = node
      }
      for byte in key.dropFirst() {
        let edge = UInt64(node) << 8 | UInt64(byte)
        if let child = children[edge] {
          node = child
        } else {
          nodeCount += 1
          children[edge] = nodeCount
          node = nodeCount
        }
      }
      keysEndingAt[node, default: []].append(index)
    }
  }

  /// Calls `body` with the index of every key found in `text` (once per occurrence).
  func forEachMatch(in text: UnsafeRawBufferPointer, _ body: (Int) -> Void) {
    let count = text.count
    for start in 0..<count {
      var node = root[Int(text[start])]
      var position = start + 1
      while node != 0 {
        if let keys = keysEndingAt[node] {
          for key in keys { body(key) }
        }
        guard position < count, let child = children[UInt64(node) << 8 | UInt64(text[position])]
        else { break }
        node = child
        position += 1
      }
    }
  }
}
