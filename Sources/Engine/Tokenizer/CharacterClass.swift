/// The Unicode classes the pre-tokenizers' patterns ask about (`\p{L}`, `\p{N}`, `\s`, ...),
/// taken from Swift's own Unicode properties (the general category and White_Space).
///
/// The grouping is llama.cpp's: \p{L} is Lu Ll Lt Lm Lo, \p{N} is Nd Nl No, \p{M} is Mn Mc Me,
/// \p{P} the seven P categories, \p{S} the four S categories, \p{C} Cc Cf Co Cs, and `\s` the
/// White_Space property. Every code point in range has exactly one category flag (unassigned
/// ones `undefined`), so a class of 0 means "no character here" (past the end of a fragment).
struct CharacterClass: OptionSet, Sendable {
  let rawValue: UInt16

  static let undefined = CharacterClass(rawValue: 1 << 0)
  static let number = CharacterClass(rawValue: 1 << 1)
  static let letter = CharacterClass(rawValue: 1 << 2)
  static let separator = CharacterClass(rawValue: 1 << 3)
  static let mark = CharacterClass(rawValue: 1 << 4)
  static let punctuation = CharacterClass(rawValue: 1 << 5)
  static let symbol = CharacterClass(rawValue: 1 << 6)
  static let control = CharacterClass(rawValue: 1 << 7)
  static let whitespace = CharacterClass(rawValue: 1 << 8)

  /// No character (outside the fragment being scanned).
  static let none = CharacterClass([])

  init(rawValue: UInt16) {
    self.rawValue = rawValue
  }

  /// The class of `codePoint`.
  @inline(__always)
  init(of codePoint: UInt32) {
    if codePoint < 0x10000 {
      self = CharacterClass.basicPlane.withUnsafeBufferPointer {
        CharacterClass(rawValue: $0[Int(codePoint)])
      }
    } else {
      self = CharacterClass.compute(codePoint)
    }
  }

  /// The classes of `codePoints`.
  static func classify(_ codePoints: [UInt32]) -> [CharacterClass] {
    basicPlane.withUnsafeBufferPointer { table in
      codePoints.map {
        $0 < 0x10000 ? CharacterClass(rawValue: table[Int($0)]) : compute($0)
      }
    }
  }

  /// Classes of U+0000...U+FFFF, computed once.
  private static let basicPlane: [UInt16] = (0..<0x10000).map { compute(UInt32($0)).rawValue }

  /// The class of `codePoint` from Swift's Unicode properties.
  static func compute(_ codePoint: UInt32) -> CharacterClass {
    guard let scalar = Unicode.Scalar(codePoint) else {
      // Surrogate code points (from lenient decoding) are category Cs.
      return (0xD800...0xDFFF).contains(codePoint) ? .control : .undefined
    }
    let properties = scalar.properties
    var result: CharacterClass
    switch properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
      result = .letter
    case .decimalNumber, .letterNumber, .otherNumber:
      result = .number
    case .nonspacingMark, .spacingMark, .enclosingMark:
      result = .mark
    case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
      .initialPunctuation, .finalPunctuation, .otherPunctuation:
      result = .punctuation
    case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
      result = .symbol
    case .spaceSeparator, .lineSeparator, .paragraphSeparator:
      result = .separator
    case .control, .format, .privateUse, .surrogate:
      result = .control
    case .unassigned:
      result = .undefined
    @unknown default:
      result = .undefined
    }
    if properties.isWhitespace { result.insert(.whitespace) }
    return result
  }

  @inline(__always) var isLetter: Bool { contains(.letter) }
  @inline(__always) var isNumber: Bool { contains(.number) }
  @inline(__always) var isWhitespace: Bool { contains(.whitespace) }
  @inline(__always) var isMark: Bool { contains(.mark) }
  @inline(__always) var isPunctuation: Bool { contains(.punctuation) }
  /// Whether this is a character at all (inside the fragment).
  @inline(__always) var exists: Bool { rawValue != 0 }
}
