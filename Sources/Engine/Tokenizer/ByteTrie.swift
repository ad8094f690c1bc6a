/// A trie over byte strings that finds, in one pass over a text, which of its keys occur in it.
///
/// The first byte is looked up in a 256-entry table, so text without any key's first byte
/// (ordinary prose against `<...>` control tokens) costs one array read per byte. Branches whose
/// keys have all been found already are not walked again, so a megabyte of spaces against
/// Gemma's 30 space-run tokens costs a few reads per byte, not thirty.
struct ByteTrie: Sendable {
  /// Node reached by the first byte (0: none; nodes are numbered from 1).
  private var root = [Int32](repeating: 0, count: 256)
  /// (node << 8 | byte) -> child node, below the first level.
  private var children: [UInt64: Int32] = [:]
  /// Node -> indices of the keys that end there.
  private var keysEndingAt: [Int32: [Int]] = [:]
  /// Number of keys ending in each node's subtree (index 0 unused).
  private var subtreeKeys: [Int32] = [0]

  /// A trie of `keys` (empty keys are ignored).
  init(keys: [[UInt8]]) {
    for (index, key) in keys.enumerated() where !key.isEmpty {
      var node = root[Int(key[0])]
      if node == 0 {
        node = newNode()
        root[Int(key[0])] = node
      }
      subtreeKeys[Int(node)] += 1
      for byte in key.dropFirst() {
        let edge = UInt64(node) << 8 | UInt64(byte)
        if let child = children[edge] {
          node = child
        } else {
          let child = newNode()
          children[edge] = child
          node = child
        }
        subtreeKeys[Int(node)] += 1
      }
      keysEndingAt[node, default: []].append(index)
    }
  }

  private mutating func newNode() -> Int32 {
    subtreeKeys.append(0)
    return Int32(subtreeKeys.count - 1)
  }

  /// Calls `found` once with the index of each key that occurs in `text`.
  func forEachKey(in text: UnsafeRawBufferPointer, _ found: (Int) -> Void) {
    var unfound = subtreeKeys
    var reported = [Bool](repeating: false, count: subtreeKeys.count)
    var path: [Int32] = []
    let count = text.count
    for start in 0..<count {
      var node = root[Int(text[start])]
      var position = start + 1
      path.removeAll(keepingCapacity: true)
      while node != 0 && unfound[Int(node)] > 0 {
        path.append(node)
        if !reported[Int(node)], let keys = keysEndingAt[node] {
          reported[Int(node)] = true
          for key in keys { found(key) }
          for ancestor in path { unfound[Int(ancestor)] -= Int32(keys.count) }
        }
        guard position < count, let child = children[UInt64(node) << 8 | UInt64(text[position])]
        else { break }
        node = child
        position += 1
      }
    }
  }
}
