/// Scans one fragment of code points for one `SplitStage` and emits the lengths of its pieces.
///
/// The GPT-2 and Llama 3 scanners follow llama.cpp's hand-written matchers step by step
/// (`unicode_regex_split_custom_gpt2` / `_llama3` / `_qwen2` / `_qwen35`), including where those
/// differ from a regex engine, because the ids must be the ones llama.cpp produces. Every loop
/// moves forward, so a fragment is scanned in time linear in its length.
struct FragmentScanner {
  let codePoints: UnsafeBufferPointer<UInt32>
  let classes: UnsafeBufferPointer<CharacterClass>
  let start: Int
  let end: Int
  private var pieceStart: Int

  /// The code point llama.cpp's scanners see past the end of the fragment.
  static let outOfRange: UInt32 = 0xFFFF_FFFF

  init(
    codePoints: UnsafeBufferPointer<UInt32>, classes: UnsafeBufferPointer<CharacterClass>,
    start: Int, end: Int
  ) {
    self.codePoints = codePoints
    self.classes = classes
    self.start = start
    self.end = end
    self.pieceStart = start
  }

  @inline(__always) private func point(_ position: Int) -> UInt32 {
    position < end ? codePoints[position] : Self.outOfRange
  }

  @inline(__always) private func kind(_ position: Int) -> CharacterClass {
    position < end ? classes[position] : .none
  }

  /// Ends the current piece at `position`; returns its length (0: nothing emitted).
  @discardableResult @inline(__always)
  private mutating func emit(_ position: Int, _ pieces: inout [Int]) -> Int {
    let length = position - pieceStart
    if length > 0 { pieces.append(length) }
    pieceStart = position
    return length
  }

  /// `'s|'t|'re|'ve|'m|'ll|'d` at `position` (case-insensitive when `anyCase`): its length.
  @inline(__always)
  private func contraction(at position: Int, anyCase: Bool) -> Int {
    guard point(position) == 0x27, position + 1 < end else { return 0 }
    func lower(_ value: UInt32) -> UInt32 {
      anyCase && (0x41...0x5A).contains(value) ? value + 0x20 : value
    }
    let next = lower(point(position + 1))
    if next == 0x73 || next == 0x74 || next == 0x6D || next == 0x64 { return 2 }  // s t m d
    guard position + 2 < end else { return 0 }
    let after = lower(point(position + 2))
    if (next == 0x72 && after == 0x65) || (next == 0x76 && after == 0x65)  // re ve
      || (next == 0x6C && after == 0x6C)  // ll
    {
      return 3
    }
    return 0
  }

  /// Whitespace handling shared by both big scanners: `\s+(?!\S)` then `\s+`; with
  /// `lineBreaks`, `\s*[\r\n]+` first. Returns the new position.
  @inline(__always)
  private mutating func whitespace(
    at position: Int, lineBreaks: Bool, _ pieces: inout [Int]
  ) -> Int {
    var count = 0
    var lastLineBreakEnd = 0
    while kind(position + count).isWhitespace {
      let value = point(position + count)
      if lineBreaks && (value == 0x0A || value == 0x0D) { lastLineBreakEnd = position + count + 1 }
      count += 1
    }
    var next = position
    if lastLineBreakEnd > 0 {
      next = lastLineBreakEnd
    } else if count > 1 && point(position + count) != Self.outOfRange {
      next += count - 1
    } else if count > 0 {
      next += count
    } else {
      next += 1
    }
    emit(next, &pieces)
    return next
  }

  /// GPT-2: `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)`.
  mutating func gpt2(into pieces: inout [Int]) {
    var position = start
    while position < end {
      let value = point(position)
      let contracted = contraction(at: position, anyCase: false)
      if contracted > 0 {
        position += emit(position + contracted, &pieces)
        continue
      }
      let space = value == 0x20 ? 1 : 0
      var next = value == 0x20 ? kind(position + 1) : kind(position)
      if next.isLetter || next.isNumber {
        let letters = next.isLetter
        position += space
        while letters ? next.isLetter : next.isNumber {
          position += 1
          next = kind(position)
        }
        emit(position, &pieces)
        continue
      }
      if !next.isWhitespace && next.exists {
        position += space
        while !(next.isWhitespace || next.isLetter || next.isNumber) && next.exists {
          position += 1
          next = kind(position)
        }
        emit(position, &pieces)
        continue
      }
      position = whitespace(at: position, lineBreaks: false, &pieces)
    }
  }

  /// Llama 3 (`digits` 3), Qwen 2 (`digits` 1) and Qwen 3.5 (`digits` 1, `marks`).
  mutating func llama3(digits: Int, marks: Bool, into pieces: inout [Int]) {
    @inline(__always) func wordy(_ kind: CharacterClass) -> Bool {
      kind.isLetter || (marks && kind.isMark)
    }
    var position = start
    while position < end {
      let value = point(position)
      let here = kind(position)
      let contracted = contraction(at: position, anyCase: true)
      if contracted > 0 {
        position += emit(position + contracted, &pieces)
        continue
      }
      // [^\r\n\p{L}\p{N}]?\p{L}+
      if !(value == 0x0D || value == 0x0A || here.isNumber)
        && (wordy(here) || wordy(kind(position + 1)))
      {
        position += 1
        while wordy(kind(position)) { position += 1 }
        emit(position, &pieces)
        continue
      }
      // \p{N}{1,digits}
      if here.isNumber {
        var groupStart = position
        while kind(position).isNumber {
          position += 1
          if position - groupStart >= digits {
            emit(position, &pieces)
            groupStart = position
          }
        }
        emit(position, &pieces)
        continue
      }
      // <space>?[^\s\p{L}\p{N}]+[\r\n]*
      var next = value == 0x20 ? kind(position + 1) : here
      if !(next.isWhitespace || next.isLetter || next.isNumber || (marks && next.isMark))
        && here.exists
      {
        position += value == 0x20 ? 1 : 0
        while !(next.isWhitespace || next.isLetter || next.isNumber || (marks && next.isMark))
          && next.exists
        {
          position += 1
          next = kind(position)
        }
        while point(position) == 0x0D || point(position) == 0x0A { position += 1 }
        emit(position, &pieces)
        continue
      }
      position = whitespace(at: position, lineBreaks: true, &pieces)
    }
  }

  /// Every character of `set` alone; the stretches between them as they are.
  mutating func isolate(_ set: PatternClass, into pieces: inout [Int]) {
    for position in start..<end where set.contains(codePoints[position], classes[position]) {
      emit(position, &pieces)
      emit(position + 1, &pieces)
    }
    emit(end, &pieces)
  }

  /// `\s?[set]+` (with `leadingSpace`) or `[set]+`, leftmost first.
  mutating func run(_ set: PatternClass, leadingSpace: Bool, into pieces: inout [Int]) {
    var position = start
    while position < end {
      var matchEnd: Int
      if leadingSpace && classes[position].isWhitespace && position + 1 < end
        && set.contains(codePoints[position + 1], classes[position + 1])
      {
        matchEnd = position + 1
      } else if set.contains(codePoints[position], classes[position]) {
        matchEnd = position
      } else {
        position += 1
        continue
      }
      while matchEnd < end && set.contains(codePoints[matchEnd], classes[matchEnd]) {
        matchEnd += 1
      }
      emit(position, &pieces)
      emit(matchEnd, &pieces)
      position = matchEnd
    }
    emit(end, &pieces)
  }

  /// `\s+$`.
  mutating func trailingWhitespace(into pieces: inout [Int]) {
    var tail = end
    while tail > start && classes[tail - 1].isWhitespace { tail -= 1 }
    emit(tail, &pieces)
    emit(end, &pieces)
  }

  /// `[0-9][0-9][0-9]`, leftmost first, not overlapping.
  mutating func asciiDigitTriples(into pieces: inout [Int]) {
    @inline(__always) func digit(_ position: Int) -> Bool {
      (0x30...0x39).contains(codePoints[position])
    }
    var position = start
    while position + 3 <= end {
      if digit(position) && digit(position + 1) && digit(position + 2) {
        emit(position, &pieces)
        emit(position + 3, &pieces)
        position += 3
      } else {
        position += 1
      }
    }
    emit(end, &pieces)
  }

  /// `[^\n]+|[\n]+`.
  mutating func newlineRuns(into pieces: inout [Int]) {
    guard start < end else { return }
    var newline = codePoints[start] == 0x0A
    for position in start..<end where (codePoints[position] == 0x0A) != newline {
      emit(position, &pieces)
      newline.toggle()
    }
    emit(end, &pieces)
  }
}
