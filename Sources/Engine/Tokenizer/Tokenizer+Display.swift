/// The visible form of tokens for reports (the scheme is documented on `Tokenizer`).
extension Tokenizer {
  /// Token `id` as a reader should see it: invisible characters made visible, byte tokens as
  /// `<0xNN>`, BOS/EOS as `⟨BOS⟩`/`⟨EOS⟩`, other control tokens as `⟨text⟩`.
  public func displayPiece(_ id: Int) -> String {
    guard vocabulary.kinds.indices.contains(id) else { return "⟨?\(id)⟩" }
    if !vocabulary.attributes[id].isDisjoint(with: .textless) {
      if id == bosID { return "⟨BOS⟩" }
      if id == eosID { return "⟨EOS⟩" }
      let text = String(decoding: vocabulary.texts[id], as: UTF8.self)
      return "⟨" + Self.visibleControls(text) + "⟩"
    }
    return Self.visible(Array(vocabulary.pieces[id]))
  }

  /// `text` with its control characters spelled `<U+XXXX>`, other characters (spaces included)
  /// as they are: a control token's name is read as written, but whatever a file calls it, no
  /// control character reaches a page or a terminal.
  static func visibleControls(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
      if scalar.properties.generalCategory == .control {
        result += "<U+" + hex(scalar.value, digits: 4) + ">"
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  /// `bytes` with invisible characters and stray bytes spelled out.
  static func visible(_ bytes: [UInt8]) -> String {
    var result = ""
    var index = 0
    while index < bytes.count {
      guard let (scalar, length) = decodeScalar(bytes, at: index) else {
        result += "<0x" + hex(UInt32(bytes[index]), digits: 2) + ">"
        index += 1
        continue
      }
      result += visible(scalar)
      index += length
    }
    return result
  }

  private static func visible(_ scalar: Unicode.Scalar) -> String {
    switch scalar {
    case " ": return "␣"
    case "\n": return "↵"
    case "\r": return "␍"
    case "\t": return "⇥"
    default: break
    }
    switch scalar.properties.generalCategory {
    case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator, .surrogate:
      return "<U+" + hex(scalar.value, digits: 4) + ">"
    default:
      return String(scalar)
    }
  }

  /// The scalar of a complete, valid UTF-8 sequence at `index`, and its length.
  private static func decodeScalar(_ bytes: [UInt8], at index: Int) -> (Unicode.Scalar, Int)? {
    let lead = bytes[index]
    let length: Int
    switch lead {
    case 0..<0x80: return (Unicode.Scalar(lead), 1)
    case 0xC2...0xDF: length = 2
    case 0xE0...0xEF: length = 3
    case 0xF0...0xF4: length = 4
    default: return nil
    }
    guard index + length <= bytes.count else { return nil }
    var decoder = UTF8()
    var iterator = bytes[index..<(index + length)].makeIterator()
    guard case .scalarValue(let scalar) = decoder.decode(&iterator),
      String(scalar).utf8.count == length
    else { return nil }
    return (scalar, length)
  }

  private static func hex(_ value: UInt32, digits: Int) -> String {
    let text = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, digits - text.count)) + text
  }
}
