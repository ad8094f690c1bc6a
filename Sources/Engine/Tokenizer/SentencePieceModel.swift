/// SentencePiece (BPE by score), exactly as llama.cpp's `llm_tokenizer_spm_session` does it.
///
/// The text (spaces already written as `▁`) starts as one symbol per UTF-8 character (taken
/// from the lead byte alone, so invalid bytes are characters of their own). The adjacent pair
/// whose concatenation is the highest-scoring token is merged first (ties: the leftmost), until
/// no adjacent pair is a token. Symbols that are not tokens become byte tokens (`<0xNN>`).
///
/// Faster than llama.cpp, same ids: no merge can reach across a `▁` that follows another
/// character unless some token spans that spot, so the text is cut there into words (the few
/// tokens like Gemma's `>▁</` are checked where they occur), and each distinct word is merged
/// once per call.
struct SentencePieceModel: Sendable {
  /// Token strings -> token id (the last of duplicates, like llama.cpp).
  private let tokens: ByteStringTable
  private let scores: [Float]
  /// The token for each byte: `<0xNN>`, else the byte as a one-byte token, else unknown or -1.
  private let byteTokens: [Int32]
  /// Tokens with a `▁` right after another character, and the offsets of those `▁`.
  private let spanningTokens: [(bytes: [UInt8], offsets: [Int])]

  /// Beyond this many spanning tokens, checking them costs more than cutting saves.
  private static let spanningTokenLimit = 64
  private static let space: [UInt8] = [0xE2, 0x96, 0x81]

  init(tokens texts: [[UInt8]], scores: [Float], unknownID: Int32?) {
    var table = ByteStringTable(capacity: texts.count)
    for (id, text) in texts.enumerated() { table.insert(text, value: Int32(id), replace: true) }
    var bytes = [Int32](repeating: unknownID ?? -1, count: 256)
    let hex = Array("0123456789ABCDEF".utf8)
    for byte in 0..<256 {
      let name: [UInt8] = Array("<0x".utf8) + [hex[byte >> 4], hex[byte & 15], UInt8(ascii: ">")]
      if let id = table.value(for: name) {
        bytes[byte] = id
      } else if let id = table.value(for: [UInt8(byte)]) {
        bytes[byte] = id
      }
    }
    self.tokens = table
    self.scores = scores
    self.byteTokens = bytes
    var spanning: [(bytes: [UInt8], offsets: [Int])] = []
    for text in texts where text.count > 3 {
      var offsets: [Int] = []
      for offset in 1...(text.count - 3)
      where text[offset..<(offset + 3)].elementsEqual(Self.space)
        && (offset < 3 || !text[(offset - 3)..<offset].elementsEqual(Self.space))
      {
        offsets.append(offset)
      }
      if !offsets.isEmpty { spanning.append((text, offsets)) }
    }
    self.spanningTokens = spanning
  }

  /// Appends the tokens of `text` (one raw-text fragment, spaces already escaped).
  func encode(_ text: UnsafeRawBufferPointer, into output: inout [Int32], work: inout SPMWork) {
    let count = text.count
    guard count > 0 else { return }
    guard spanningTokens.count <= Self.spanningTokenLimit else {
      merge(text, into: &output, work: &work)
      return
    }
    var wordStart = 0
    var offset = 0
    var afterSpace = false
    while offset < count {
      let length = min(LenientUTF8.sequenceLength(lead: text[offset]), count - offset)
      let isSpace =
        length == 3 && text[offset] == 0xE2 && text[offset + 1] == 0x96
        && text[offset + 2] == 0x81
      if isSpace && offset > 0 && !afterSpace && !spanned(text, at: offset) {
        word(UnsafeRawBufferPointer(rebasing: text[wordStart..<offset]), &output, &work)
        wordStart = offset
      }
      afterSpace = isSpace
      offset += length
    }
    word(UnsafeRawBufferPointer(rebasing: text[wordStart..<count]), &output, &work)
  }

  /// Whether a spanning token occurs in `text` across the `▁` at `position`.
  private func spanned(_ text: UnsafeRawBufferPointer, at position: Int) -> Bool {
    for token in spanningTokens {
      for offset in token.offsets {
        let start = position - offset
        guard start >= 0, start + token.bytes.count <= text.count else { continue }
        if token.bytes.withUnsafeBytes({
          memcmp(text.baseAddress! + start, $0.baseAddress!, $0.count)
        })
          == 0
        {
          return true
        }
      }
    }
    return false
  }

  /// Appends the tokens of one word, merged once per call.
  private func word(
    _ text: UnsafeRawBufferPointer, _ output: inout [Int32], _ work: inout SPMWork
  ) {
    if let index = work.cache.value(for: text) {
      output.append(contentsOf: work.cachedTokens[work.cachedRanges[Int(index)]])
      return
    }
    let first = output.count
    merge(text, into: &output, work: &work)
    let start = work.cachedTokens.count
    work.cachedTokens.append(contentsOf: output[first...])
    work.cache.insert(text, value: Int32(work.cachedRanges.count), replace: false)
    work.cachedRanges.append(start..<work.cachedTokens.count)
  }

  /// llama.cpp's merge loop over all of `text`.
  private func merge(
    _ text: UnsafeRawBufferPointer, into output: inout [Int32], work: inout SPMWork
  ) {
    let count = text.count
    guard count > 0 else { return }
    work.reset(capacity: count)
    var offset = 0
    while offset < count {
      let length = min(LenientUTF8.sequenceLength(lead: text[offset]), count - offset)
      work.start.append(Int32(offset))
      work.length.append(Int32(length))
      offset += length
    }
    let symbols = work.start.count
    for index in 0..<symbols {
      work.previous.append(Int32(index - 1))
      work.next.append(index + 1 == symbols ? -1 : Int32(index + 1))
    }
    for index in 1..<max(symbols, 1) { addBigram(Int32(index - 1), Int32(index), text, &work) }
    while !work.queue.isEmpty {
      let bigram = work.queue.pop()
      let left = Int(bigram.left)
      let right = Int(bigram.right)
      let leftLength = work.length[left]
      let rightLength = work.length[right]
      if leftLength == 0 || rightLength == 0 || leftLength + rightLength != bigram.size {
        continue  // outdated: one side was merged into something else
      }
      work.length[left] = leftLength + rightLength
      work.length[right] = 0
      let after = work.next[right]
      work.next[left] = after
      if after >= 0 { work.previous[Int(after)] = bigram.left }
      addBigram(work.previous[left], bigram.left, text, &work)
      addBigram(bigram.left, after, text, &work)
    }
    var symbol: Int32 = 0
    while symbol >= 0 {
      let index = Int(symbol)
      let slice = UnsafeRawBufferPointer(
        rebasing: text[Int(work.start[index])..<Int(work.start[index] + work.length[index])])
      if let id = tokens.value(for: slice) {
        output.append(id)
      } else {
        for byte in slice where byteTokens[Int(byte)] >= 0 {
          output.append(byteTokens[Int(byte)])
        }
      }
      symbol = work.next[index]
    }
  }

  @inline(__always)
  private func addBigram(
    _ left: Int32, _ right: Int32, _ text: UnsafeRawBufferPointer, _ work: inout SPMWork
  ) {
    guard left >= 0, right >= 0 else { return }
    let start = Int(work.start[Int(left)])
    let size = work.length[Int(left)] + work.length[Int(right)]
    let slice = UnsafeRawBufferPointer(rebasing: text[start..<(start + Int(size))])
    guard let id = tokens.value(for: slice) else { return }
    work.queue.push(SPMBigram(score: scores[Int(id)], left: left, right: right, size: size))
  }
}

/// A queued merge: highest score first, then the leftmost (llama.cpp's `llm_bigram_spm` order).
struct SPMBigram: HeapElement {
  var score: Float
  var left: Int32
  var right: Int32
  var size: Int32

  @inline(__always)
  func comesBefore(_ other: SPMBigram) -> Bool {
    score > other.score || (score == other.score && left < other.left)
  }
}

/// Scratch space for `SentencePieceModel.encode`, reused from fragment to fragment.
struct SPMWork {
  var start: [Int32] = []
  var length: [Int32] = []
  var previous: [Int32] = []
  var next: [Int32] = []
  var queue = BinaryHeap<SPMBigram>()
  /// Word -> index into `cachedRanges`, for one `encode` call.
  var cache = ByteStringTable(capacity: 1024)
  var cachedRanges: [Range<Int>] = []
  var cachedTokens: [Int32] = []

  mutating func reset(capacity: Int) {
    start.removeAll(keepingCapacity: true)
    length.removeAll(keepingCapacity: true)
    previous.removeAll(keepingCapacity: true)
    next.removeAll(keepingCapacity: true)
    queue.removeAll()
    start.reserveCapacity(capacity)
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
