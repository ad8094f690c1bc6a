/// The benchmark texts: about 1 MB of English prose and 1 MB of mixed scripts, generated from
/// fixed word lists with a fixed-seed generator, so every run and every machine tokenizes the
/// same bytes.
enum TokenizerBenchmarkText {
  static let englishWords = """
    the of and to in is was that for it with as on be at by this had not are but from or have \
    an they which one you were her all she there would their we him been has when who will more \
    no if out so said what up its about into than them can only other new some could time these \
    two may then do first any my now such like our over man me even most made after also did \
    many before must through back years where much your way well down should because each just \
    those people how too little state good very make world still own see men work long get here \
    between both life being under never day same another know while last might us great old year \
    off come since against go came right used take three layer model token attention residual \
    stream embedding logit lens guess basketball court prompt vector dictionary memory purge \
    Wray Llama Gemma SmolLM transformer
    """.split(separator: " ").map(String.init)

  static let mixedSegments: [String] = [
    "我想在苹果公司工作，今天天气很好。", "日本語のテキストを書きます。", "한국어 문장을 씁니다.",
    "مرحبا بالعالم، كيف حالك اليوم؟", "שלום עולם, מה שלומך?", "нещо на Български език",
    "Привет, как дела?", "नमस्ते दुनिया, आप कैसे हैं?", "สวัสดีชาวโลก", "Ελληνικά γράμματα",
    "café naïve façade Ångström Zürich", "🦙🚀 😶‍🌫️ 👍🏽 ✅ 🇫🇷", "for (i = 0; i < n; ++i) { s += a[i]; }",
    "def f(x):\n    return x ** 2\n", "3.14159 2024 1,000,000 0x1F", "\t\tindented\n\n",
  ]

  /// About `bytes` bytes of English sentences and paragraphs.
  static func english(bytes: Int) -> String {
    var random = Generator(seed: 0x5EED)
    var text = ""
    var sentence = 0
    while text.utf8.count < bytes {
      let length = 6 + random.next(14)
      for index in 0..<length {
        var word = englishWords[random.next(englishWords.count)]
        if index == 0 { word = word.prefix(1).uppercased() + word.dropFirst() }
        text += word
        if index + 1 < length {
          text += random.next(9) == 0 ? ", " : " "
          if random.next(40) == 0 { text += "\(random.next(2030)) " }
        }
      }
      text += [".", ".", ".", "?", "!", ";"][random.next(6)]
      sentence += 1
      text += sentence % 7 == 0 ? "\n\n" : " "
    }
    return text
  }

  /// About `bytes` bytes alternating English with other scripts, emoji, code and numbers.
  static func mixed(bytes: Int) -> String {
    var random = Generator(seed: 0xC0DE)
    var text = ""
    while text.utf8.count < bytes {
      text += english(bytes: 40 + random.next(80), seed: random.next(1 << 30))
      text += " " + mixedSegments[random.next(mixedSegments.count)] + " "
    }
    return text
  }

  private static func english(bytes: Int, seed: Int) -> String {
    var random = Generator(seed: UInt64(seed))
    var words: [String] = []
    var count = 0
    while count < bytes {
      let word = englishWords[random.next(englishWords.count)]
      words.append(word)
      count += word.utf8.count + 1
    }
    return words.joined(separator: " ")
  }

  /// A 64-bit linear congruential generator (Knuth's MMIX constants).
  struct Generator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
  }
}
