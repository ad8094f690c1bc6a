import Engine

extension Capacity {
  /// Ordinary-word tokens of `tokenizer`: normal tokens whose text is a space followed by at
  /// least `minimumLetters` ASCII letters (whole words as they appear inside a sentence).
  public static func ordinaryWords(tokenizer: Tokenizer, minimumLetters: Int = 3) -> [Int] {
    (0..<tokenizer.vocabularySize).filter { id in
      guard tokenizer.kind(of: id) == .normal else { return false }
      let bytes = tokenizer.pieceBytes(id)
      guard bytes.count > minimumLetters, bytes[0] == 0x20 else { return false }
      return bytes.dropFirst().allSatisfy {
        (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0)
      }
    }
  }
}
