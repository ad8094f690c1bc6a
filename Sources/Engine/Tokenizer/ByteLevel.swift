/// GPT-2's byte-to-unicode mapping: byte-level BPE vocabularies spell every byte as one visible
/// character (printable Latin-1 bytes as themselves, the other 68 as U+0100...U+0143 in order),
/// so `"Ġthe"` in a vocabulary is the bytes `" the"`.
enum ByteLevel {
  /// The character that stands for each byte.
  static let characterOfByte: [UInt32] = {
    var table = [UInt32](repeating: 0, count: 256)
    var next: UInt32 = 256
    for byte in 0..<256 {
      if isSelfMapped(byte) {
        table[byte] = UInt32(byte)
      } else {
        table[byte] = next
        next += 1
      }
    }
    return table
  }()

  /// The byte each stand-in character means (U+0000...U+0143).
  private static let byteOfCharacter: [Int16] = {
    var table = [Int16](repeating: -1, count: 0x144)
    for (byte, character) in characterOfByte.enumerated() { table[Int(character)] = Int16(byte) }
    return table
  }()

  private static func isSelfMapped(_ byte: Int) -> Bool {
    (0x21...0x7E).contains(byte) || (0xA1...0xAC).contains(byte) || (0xAE...0xFF).contains(byte)
  }

  /// The byte `character` stands for, or nil if it is not one of the 256 stand-ins.
  @inline(__always)
  static func byte(of character: Unicode.Scalar) -> UInt8? {
    let value = Int(character.value)
    guard value < byteOfCharacter.count, byteOfCharacter[value] >= 0 else { return nil }
    return UInt8(byteOfCharacter[value])
  }

  /// The raw bytes a vocabulary string spells, or nil if it has a character that is not a
  /// byte stand-in (such a string can never come out of byte-level pre-tokenization).
  static func decode(_ text: String) -> [UInt8]? {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      guard let byte = byte(of: scalar) else { return nil }
      bytes.append(byte)
    }
    return bytes
  }

  /// llama.cpp's `llama_decode_text`: the bytes a normal vocabulary string stands for, with a
  /// marker `[UNK_BYTE_0x…]` (as llama.cpp writes it) for each character that is not a byte.
  static func decodeForPiece(_ text: String) -> [UInt8] {
    var bytes: [UInt8] = []
    for scalar in text.unicodeScalars {
      if let byte = byte(of: scalar) {
        bytes.append(byte)
      } else {
        bytes.append(contentsOf: Array("[UNK_BYTE_0x".utf8))
        for unit in String(scalar).utf8 {
          bytes.append(contentsOf: Array(hex2(unit).utf8))
        }
        bytes.append(contentsOf: Array(text.utf8))
        bytes.append(UInt8(ascii: "]"))
      }
    }
    return bytes
  }

  private static func hex2(_ value: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(value >> 4)], digits[Int(value & 0xF)]])
  }
}
