/// One `encode` call's worth of byte-level BPE: pre-tokenizes each raw-text fragment and merges
/// each word, remembering the tokens of words it has seen (a word always gives the same tokens,
/// and prose repeats its words, so most words are merged once per call).
struct BytePairSession {
  let model: BytePairModel
  let preTokenizer: PreTokenizer
  private var work = BPEWork()
  /// Word -> index into `cachedRanges`.
  private var cache = ByteStringTable(capacity: 1024)
  private var cachedRanges: [Range<Int>] = []
  private var cachedTokens: [Int32] = []
  private var escaped: [UInt8] = []

  init(model: BytePairModel, preTokenizer: PreTokenizer) {
    self.model = model
    self.preTokenizer = preTokenizer
  }

  /// Appends the tokens of one fragment of raw text.
  mutating func encode(_ text: UnsafeRawBufferPointer, into output: inout [Int32]) {
    guard preTokenizer.escapesSpaces else {
      encodeWords(text, into: &output)
      return
    }
    var escaped: [UInt8] = []
    swap(&escaped, &self.escaped)
    escaped.removeAll(keepingCapacity: true)
    for byte in text {
      if byte == 0x20 { escaped += [0xE2, 0x96, 0x81] } else { escaped.append(byte) }
    }
    escaped.withUnsafeBytes { encodeWords($0, into: &output) }
    swap(&escaped, &self.escaped)
  }

  private mutating func encodeWords(_ text: UnsafeRawBufferPointer, into output: inout [Int32]) {
    preTokenizer.forEachWord(in: text) { word in
      if let index = cache.value(for: word) {
        output.append(contentsOf: cachedTokens[cachedRanges[Int(index)]])
        return
      }
      let first = output.count
      model.encode(word: word, into: &output, work: &work)
      if word.count > 1 {
        let start = cachedTokens.count
        cachedTokens.append(contentsOf: output[first...])
        cache.insert(word, value: Int32(cachedRanges.count), replace: false)
        cachedRanges.append(start..<cachedTokens.count)
      }
    }
  }
}
