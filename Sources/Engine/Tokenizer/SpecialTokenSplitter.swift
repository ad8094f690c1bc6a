#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A piece of input text after special tokens were cut out: raw text or one special token.
enum TextFragment: Equatable {
  case text(Range<Int>)
  case token(Int32)
}

/// Cuts special tokens out of raw text before tokenization, exactly as llama.cpp's
/// `tokenizer_st_partition` does: longer tokens first, each over the whole text, leftmost
/// occurrences first. User-defined tokens are always cut out; control and unknown tokens only
/// when special tokens are parsed. Tokens marked so strip the whitespace beside them.
///
/// Only the tokens that occur in the text at all (found with a trie, in one pass) are searched
/// for, so a vocabulary with thousands of control tokens costs nothing on ordinary text. Each
/// search is a memchr/memcmp scan, at most a token's length of work per byte of text.
struct SpecialTokenSplitter: Sendable {
  struct Entry: Sendable {
    let id: Int32
    let bytes: [UInt8]
    let textless: Bool
    let leftStrip: Bool
    let rightStrip: Bool
  }

  /// The special tokens, longest first (ties: lower id first).
  private let entries: [Entry]
  private let trie: ByteTrie

  init(entries unsorted: [Entry]) {
    let sorted = unsorted.filter { !$0.bytes.isEmpty }.sorted {
      $0.bytes.count != $1.bytes.count ? $0.bytes.count > $1.bytes.count : $0.id < $1.id
    }
    entries = sorted
    trie = ByteTrie(keys: sorted.map(\.bytes))
  }

  /// The fragments of `text`; with `parseSpecial` false, control and unknown tokens stay text.
  func split(_ text: UnsafeRawBufferPointer, parseSpecial: Bool) -> [TextFragment] {
    guard !text.isEmpty else { return [] }
    var present = [Bool](repeating: false, count: entries.count)
    var any = false
    trie.forEachKey(in: text) { key in
      if parseSpecial || !entries[key].textless {
        present[key] = true
        any = true
      }
    }
    var fragments: [TextFragment] = [.text(0..<text.count)]
    guard any else { return fragments }
    for (key, entry) in entries.enumerated() where present[key] {
      fragments = cut(entry, from: fragments, in: text)
    }
    return fragments
  }

  private func cut(_ entry: Entry, from fragments: [TextFragment], in text: UnsafeRawBufferPointer)
    -> [TextFragment]
  {
    @inline(__always) func isSpace(_ byte: UInt8) -> Bool {
      byte == 0x20 || (0x09...0x0D).contains(byte)
    }
    var result: [TextFragment] = []
    result.reserveCapacity(fragments.count)
    for fragment in fragments {
      guard case .text(let range) = fragment else {
        result.append(fragment)
        continue
      }
      var base = range.lowerBound
      let end = range.upperBound
      while base < end, let match = find(entry.bytes, in: text, from: base, to: end) {
        var leftEnd = match
        if entry.leftStrip {
          while leftEnd > base && isSpace(text[leftEnd - 1]) { leftEnd -= 1 }
        }
        if leftEnd > base { result.append(.text(base..<leftEnd)) }
        result.append(.token(entry.id))
        base = match + entry.bytes.count
        if entry.rightStrip {
          while base < end && isSpace(text[base]) { base += 1 }
        }
      }
      if base < end { result.append(.text(base..<end)) }
    }
    return result
  }

  /// The first occurrence of `pattern` in `text[from..<to]` (memchr for the first byte, then
  /// memcmp: at most the pattern's length per byte of text).
  private func find(_ pattern: [UInt8], in text: UnsafeRawBufferPointer, from: Int, to: Int)
    -> Int?
  {
    let length = pattern.count
    guard to - from >= length, let base = text.baseAddress else { return nil }
    return pattern.withUnsafeBytes { needle -> Int? in
      let first = Int32(pattern[0])
      var position = from
      let last = to - length
      while position <= last {
        guard let hit = memchr(base + position, first, last - position + 1) else { return nil }
        let found = UnsafeRawPointer(hit) - base
        if memcmp(base + found, needle.baseAddress!, length) == 0 { return found }
        position = found + 1
      }
      return nil
    }
  }
}
