/// One pattern of a byte-level BPE pre-tokenizer: it cuts every fragment of the text further.
///
/// llama.cpp applies a pre-tokenizer's patterns one after another; each one splits every
/// fragment left by the previous ones into its matches and the stretches between them. The
/// big GPT-2/Llama 3 patterns are hand-written scanners (as in llama.cpp); the small patterns
/// of DeepSeek, StarCoder and Falcon are leftmost-first matchers of one of these shapes.
enum SplitStage: Sendable {
  /// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)` (GPT-2).
  case gpt2
  /// The Llama 3 pattern: contractions (any case), `[^\r\n\p{L}\p{N}]?\p{L}+`,
  /// `\p{N}{1,digits}`, ` ?[^\s\p{L}\p{N}]+[\r\n]*`, `\s*[\r\n]+`, `\s+(?!\S)`, `\s+`. With
  /// `digits` 1 it is Qwen 2's; with `marks`, letters runs take `\p{M}` too (Qwen 3.5).
  case llama3(digits: Int, marks: Bool)
  /// Every character of the class on its own (`\p{N}`, `[\r\n]`).
  case isolate(PatternClass)
  /// `\s?[class]+` (with `leadingSpace`) or `[class]+`.
  case run(PatternClass, leadingSpace: Bool)
  /// `\s+$`: the whitespace that ends a fragment.
  case trailingWhitespace
  /// `[0-9][0-9][0-9]`.
  case asciiDigitTriples
  /// `[^\n]+|[\n]+`: runs of newlines and runs of everything else.
  case newlineRuns

  /// Appends the lengths of the pieces of `codePoints[start..<end]` to `pieces`.
  func split(
    _ codePoints: UnsafeBufferPointer<UInt32>, _ classes: UnsafeBufferPointer<CharacterClass>,
    start: Int, end: Int, into pieces: inout [Int]
  ) {
    var scanner = FragmentScanner(
      codePoints: codePoints, classes: classes, start: start, end: end)
    switch self {
    case .gpt2: scanner.gpt2(into: &pieces)
    case .llama3(let digits, let marks): scanner.llama3(digits: digits, marks: marks, into: &pieces)
    case .isolate(let set): scanner.isolate(set, into: &pieces)
    case .run(let set, let leadingSpace):
      scanner.run(set, leadingSpace: leadingSpace, into: &pieces)
    case .trailingWhitespace: scanner.trailingWhitespace(into: &pieces)
    case .asciiDigitTriples: scanner.asciiDigitTriples(into: &pieces)
    case .newlineRuns: scanner.newlineRuns(into: &pieces)
    }
  }
}

/// A set of characters a pattern's class matches, decided from the code point and its class.
///
/// Non-ASCII whitespace never belongs to a set: llama.cpp's regex engine sees it as `\v`.
enum PatternClass: Sendable {
  case letters
  case numbers
  case punctuation
  /// `[\p{P}\$\+<=>\^~\|`]` (Falcon)
  case falconPunctuation
  /// `[\p{P}\$\+<=>\^~\|]` (llama.cpp's default BPE pre-tokenizer)
  case defaultPunctuation
  /// `[\r\n]`
  case newlines
  /// Literal code point ranges of a character class.
  case ranges([ClosedRange<UInt32>])

  @inline(__always)
  func contains(_ codePoint: UInt32, _ characterClass: CharacterClass) -> Bool {
    switch self {
    case .letters: return characterClass.isLetter
    case .numbers: return characterClass.isNumber
    case .punctuation: return characterClass.isPunctuation
    case .falconPunctuation:
      return characterClass.isPunctuation || Self.isAnyOf(codePoint, "$+<=>^~|`")
    case .defaultPunctuation:
      return characterClass.isPunctuation || Self.isAnyOf(codePoint, "$+<=>^~|")
    case .newlines: return codePoint == 0x0A || codePoint == 0x0D
    case .ranges(let ranges):
      let seen = codePoint > 0x7F && characterClass.isWhitespace ? 0x0B : codePoint
      for range in ranges where range.contains(seen) { return true }
      return false
    }
  }

  @inline(__always)
  private static func isAnyOf(_ codePoint: UInt32, _ characters: StaticString) -> Bool {
    guard codePoint < 0x80 else { return false }
    return characters.withUTF8Buffer { $0.contains(UInt8(codePoint)) }
  }
}
