/// BPE: merges ranked by their order in `tokenizer.ggml.merges`, applied to one pre-tokenized
/// word at a time, exactly as llama.cpp's `llm_tokenizer_bpe_session` does.
///
/// Everything works on raw bytes: vocabulary strings and merge rules are translated out of
/// GPT-2's byte-to-unicode spelling once, at load time. Every string that can occur in a merge
/// (each token, both sides of each rule, each rule's result) gets a small integer id, so a merge
/// step is one `PairTable` lookup and no string is built while encoding.
struct BytePairModel: Sendable {
  /// How the vocabulary spells text, and what a word is made of before merging.
  enum Spelling: Sendable {
    /// GPT-2's byte-to-unicode characters; a word starts as its bytes; a byte left over is the
    /// token of that one byte.
    case byteLevel
    /// Plain UTF-8 with `▁` for spaces (Gemma 4); a word starts as its characters; a byte left
    /// over is its `<0xNN>` token.
    case utf8
  }

  /// Raw byte strings -> id; the value is the token id of the string, or -1.
  private let pieces: ByteStringTable
  /// (left id, right id) -> (rank, merged id).
  private let merges: PairTable
  /// The id of each single byte (-1: no such string).
  private let pieceOfByte: [Int32]
  /// The token for a byte that no merge covers (-1: the byte is dropped, as in llama.cpp).
  private let byteFallback: [Int32]
  let spelling: Spelling
  /// A word that is itself a token is not merged (Llama 3).
  let ignoresMerges: Bool
  /// A run of newlines that is itself a token is not merged (Gemma 4).
  let keepsNewlineRuns: Bool

  /// Builds the model from the vocabulary strings (index = token id) and the merge rules
  /// (`"left right"`, most important first).
  init(
    tokens: [String], merges rules: [String], spelling: Spelling, ignoresMerges: Bool,
    keepsNewlineRuns: Bool
  ) {
    func spell(_ text: String) -> [UInt8]? {
      spelling == .byteLevel ? ByteLevel.decode(text) : Array(text.utf8)
    }
    var table = ByteStringTable(capacity: tokens.count + rules.count)
    for (id, token) in tokens.enumerated() {
      guard let bytes = spell(token), !bytes.isEmpty else { continue }
      // llama.cpp's token_to_id keeps the last of duplicate strings.
      table.insert(bytes, value: Int32(id), replace: true)
    }
    var pairs = PairTable(capacity: rules.count)
    for (rank, rule) in rules.enumerated() {
      let scalars = Array(rule.unicodeScalars)
      // The separator is the first space after the first character, as in llama.cpp.
      guard scalars.count > 2, let space = scalars[1...].firstIndex(of: " ") else { continue }
      var leftText = String.UnicodeScalarView()
      leftText.append(contentsOf: scalars[..<space])
      var rightText = String.UnicodeScalarView()
      rightText.append(contentsOf: scalars[(space + 1)...])
      guard let left = spell(String(leftText)), !left.isEmpty,
        let right = spell(String(rightText)), !right.isEmpty
      else { continue }  // a rule no word can ever use
      let leftID = Int32(table.insert(left, value: -1, replace: false))
      let rightID = Int32(table.insert(right, value: -1, replace: false))
      let mergedID = Int32(table.insert(left + right, value: -1, replace: false))
      pairs.insertIfAbsent(leftID, rightID, first: Int32(rank), second: mergedID)
    }
    var byteIDs = [Int32](repeating: -1, count: 256)
    var fallback = [Int32](repeating: -1, count: 256)
    let hex = Array("0123456789ABCDEF".utf8)
    for byte in 0..<256 {
      if let index = table.index(ofBytes: [UInt8(byte)]) { byteIDs[byte] = Int32(index) }
      let name: [UInt8] =
        spelling == .byteLevel
        ? [UInt8(byte)] : Array("<0x".utf8) + [hex[byte >> 4], hex[byte & 15], UInt8(ascii: ">")]
      if let token = table.value(for: name), token >= 0 { fallback[byte] = token }
    }
    self.pieces = table
    self.merges = pairs
    self.pieceOfByte = byteIDs
    self.byteFallback = fallback
    self.spelling = spelling
    self.ignoresMerges = ignoresMerges
    self.keepsNewlineRuns = keepsNewlineRuns
  }

  /// The token id of a raw byte string, or nil.
  func token(of bytes: UnsafeRawBufferPointer) -> Int32? {
    guard let index = pieces.index(of: bytes) else { return nil }
    let token = pieces.values[index]
    return token >= 0 ? token : nil
  }

  /// Appends the tokens of one word (raw UTF-8 bytes, as pre-tokenization left it).
  func encode(word: UnsafeRawBufferPointer, into output: inout [Int32], work: inout BPEWork) {
    if ignoresMerges || (keepsNewlineRuns && word.allSatisfy { $0 == 0x0A }),
      let whole = token(of: word)
    {
      output.append(whole)
      return
    }
    let count = word.count
    work.reset(count: count)
    var symbols = 0
    var offset = 0
    while offset < count {
      let length =
        spelling == .byteLevel
        ? 1 : min(LenientUTF8.sequenceLength(lead: word[offset]), count - offset)
      work.piece[symbols] =
        length == 1
        ? pieceOfByte[Int(word[offset])]
        : pieces.index(of: UnsafeRawBufferPointer(rebasing: word[offset..<(offset + length)]))
          .map { Int32($0) } ?? -1
      work.start[symbols] = Int32(offset)
      work.length[symbols] = Int32(length)
      work.previous[symbols] = Int32(symbols - 1)
      offset += length
      work.next[symbols] = offset == count ? -1 : Int32(symbols + 1)
      symbols += 1
    }
    for index in 1..<max(symbols, 1) { addBigram(Int32(index - 1), Int32(index), &work) }
    while !work.queue.isEmpty {
      let bigram = work.queue.pop()
      let left = Int(bigram.left)
      let right = Int(bigram.right)
      if work.length[left] == 0 || work.length[right] == 0 { continue }
      if work.piece[left] != bigram.leftPiece || work.piece[right] != bigram.rightPiece {
        continue  // outdated: one side has grown since this pair was queued
      }
      work.piece[left] = bigram.merged
      work.length[left] += work.length[right]
      work.length[right] = 0
      let after = work.next[right]
      work.next[left] = after
      if after >= 0 { work.previous[Int(after)] = bigram.left }
      addBigram(work.previous[left], bigram.left, &work)
      addBigram(bigram.left, after, &work)
    }
    var symbol: Int32 = count > 0 ? 0 : -1
    let values = pieces.values
    while symbol >= 0 {
      let index = Int(symbol)
      let piece = work.piece[index]
      if piece >= 0, values[Int(piece)] >= 0 {
        output.append(values[Int(piece)])
      } else {
        // Not a token: one token per byte; bytes without a token are dropped (llama.cpp).
        let start = Int(work.start[index])
        for offset in 0..<Int(work.length[index]) {
          let token = byteFallback[Int(word[start + offset])]
          if token >= 0 { output.append(token) }
        }
      }
      symbol = work.next[index]
    }
  }

  @inline(__always)
  private func addBigram(_ left: Int32, _ right: Int32, _ work: inout BPEWork) {
    guard left >= 0, right >= 0 else { return }
    let leftPiece = work.piece[Int(left)]
    let rightPiece = work.piece[Int(right)]
    guard leftPiece >= 0, rightPiece >= 0, let rule = merges.lookup(leftPiece, rightPiece)
    else { return }
    work.queue.push(
      BPEBigram(
        rank: rule.first, left: left, right: right, leftPiece: leftPiece, rightPiece: rightPiece,
        merged: rule.second))
  }
}

/// A queued merge: lower rank first, then the leftmost (llama.cpp's `llm_bigram_bpe` order).
struct BPEBigram: HeapElement {
  var rank: Int32
  var left: Int32
  var right: Int32
  var leftPiece: Int32
  var rightPiece: Int32
  var merged: Int32

  @inline(__always)
  func comesBefore(_ other: BPEBigram) -> Bool {
    rank < other.rank || (rank == other.rank && left < other.left)
  }
}

/// Scratch space for `BytePairModel.encode`, reused from word to word.
struct BPEWork {
  var piece: [Int32] = []
  var start: [Int32] = []
  var length: [Int32] = []
  var previous: [Int32] = []
  var next: [Int32] = []
  var queue = BinaryHeap<BPEBigram>()

  mutating func reset(count: Int) {
    queue.removeAll()
    if piece.count < count {
      let grown = max(count, piece.count * 2, 64)
      piece = [Int32](repeating: 0, count: grown)
      start = piece
      length = piece
      previous = piece
      next = piece
    }
  }
}
