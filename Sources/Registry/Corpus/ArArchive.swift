import Foundation

/// The members of a Unix `ar` archive, the container of a Debian package (`debian-binary`,
/// `control.tar.xz`, `data.tar.xz`).
///
/// The format: the magic "!<arch>\n", then per member a 60-byte text header (name 16, mtime 12,
/// owner 6, group 6, mode 8, decimal size 10, "`\n") and its bytes, padded to an even offset.
/// Each size is checked against the bytes left, so a damaged file is refused, not overrun.
struct ArArchive {
  /// One member: its name (GNU's trailing "/" dropped) and where its bytes are.
  struct Member: Equatable {
    var name: String
    var range: Range<Int>
  }

  let members: [Member]
  private let bytes: [UInt8]

  private static let magic = Array("!<arch>\n".utf8)
  private static let headerSize = 60

  /// The archive in `bytes`.
  init(_ bytes: [UInt8]) throws(CorpusError) {
    guard bytes.starts(with: Self.magic) else {
      throw .malformedPackage("it does not start with the ar magic \"!<arch>\"")
    }
    var members: [Member] = []
    var at = Self.magic.count
    while at < bytes.count {
      guard bytes.count - at >= Self.headerSize else {
        throw .malformedPackage("it ends inside a member header (at byte \(at))")
      }
      let header = bytes[at..<(at + Self.headerSize)]
      guard header.suffix(2).elementsEqual([0x60, 0x0A]) else {
        throw .malformedPackage("the member header at byte \(at) does not end in \"`\\n\"")
      }
      let field = { (offset: Int, length: Int) -> String in
        let start = header.startIndex + offset
        return String(decoding: header[start..<(start + length)], as: UTF8.self)
          .trimmingCharacters(in: .whitespaces)
      }
      var name = field(0, 16)
      if name.hasSuffix("/"), name.count > 1 { name.removeLast() }
      let sizeText = field(48, 10)
      let start = at + Self.headerSize
      guard !sizeText.isEmpty, sizeText.allSatisfy(\.isASCIIDigit), let size = Int(sizeText),
        size <= bytes.count - start
      else {
        throw .malformedPackage(
          "the member '\(name)' claims \(sizeText) bytes where \(bytes.count - start) are left")
      }
      members.append(Member(name: name, range: start..<(start + size)))
      at = start + size + size % 2
    }
    self.members = members
    self.bytes = bytes
  }

  /// The bytes of the first member named `name`.
  func member(named name: String) -> ArraySlice<UInt8>? {
    members.first { $0.name == name }.map { bytes[$0.range] }
  }
}

extension Character {
  fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
