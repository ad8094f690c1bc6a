/// UTF-8 decoding that never fails, with llama.cpp's rules, so that invalid input tokenizes the
/// way the model's reference implementation tokenizes it.
///
/// A lead byte followed by the right number of continuation bytes is one code point (overlong
/// forms and surrogates included, as llama.cpp reads them); any other byte is U+FFFD on its own
/// and decoding goes on at the next byte. Four-byte forms above U+10FFFF, which llama.cpp cannot
/// encode back, count as invalid bytes here.
enum LenientUTF8 {
  /// U+FFFD REPLACEMENT CHARACTER.
  static let replacement: UInt32 = 0xFFFD

  /// Appends the code points of `bytes` to `codePoints`.
  static func decode(_ bytes: UnsafeRawBufferPointer, into codePoints: inout [UInt32]) {
    let count = bytes.count
    var offset = 0
    while offset < count {
      let lead = UInt32(bytes[offset])
      if lead < 0x80 {
        codePoints.append(lead)
        offset += 1
        continue
      }
      var length = 0
      var value: UInt32 = 0
      if lead & 0xE0 == 0xC0 {
        length = 2
        value = lead & 0x1F
      } else if lead & 0xF0 == 0xE0 {
        length = 3
        value = lead & 0x0F
      } else if lead & 0xF8 == 0xF0 {
        length = 4
        value = lead & 0x07
      }
      if length > 0 && offset + length <= count {
        var valid = true
        for next in 1..<length {
          let byte = UInt32(bytes[offset + next])
          if byte & 0xC0 != 0x80 {
            valid = false
            break
          }
          value = value << 6 | (byte & 0x3F)
        }
        if valid && value <= 0x10FFFF {
          codePoints.append(value)
          offset += length
          continue
        }
      }
      codePoints.append(replacement)
      offset += 1
    }
  }

  /// Appends the UTF-8 form of `codePoint` (at most U+10FFFF; surrogates are encoded as they
  /// are, like llama.cpp does).
  @inline(__always)
  static func encode(_ codePoint: UInt32, into bytes: inout [UInt8]) {
    switch codePoint {
    case 0..<0x80:
      bytes.append(UInt8(codePoint))
    case 0x80..<0x800:
      bytes.append(UInt8(0xC0 | codePoint >> 6))
      bytes.append(UInt8(0x80 | codePoint & 0x3F))
    case 0x800..<0x10000:
      bytes.append(UInt8(0xE0 | codePoint >> 12))
      bytes.append(UInt8(0x80 | (codePoint >> 6) & 0x3F))
      bytes.append(UInt8(0x80 | codePoint & 0x3F))
    default:
      bytes.append(UInt8(0xF0 | codePoint >> 18))
      bytes.append(UInt8(0x80 | (codePoint >> 12) & 0x3F))
      bytes.append(UInt8(0x80 | (codePoint >> 6) & 0x3F))
      bytes.append(UInt8(0x80 | codePoint & 0x3F))
    }
  }

  /// The number of bytes SentencePiece takes for the character starting with `lead` (from the
  /// lead byte alone: 1 for ASCII and stray continuation bytes, else 2, 3 or 4).
  @inline(__always)
  static func sequenceLength(lead: UInt8) -> Int {
    switch lead >> 4 {
    case 0xC, 0xD: 2
    case 0xE: 3
    case 0xF: 4
    default: 1
    }
  }
}
