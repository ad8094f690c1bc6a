import ArgumentParser
import Engine
import Registry

/// `lenscribe tokenize --model M [--json] [--no-bos] TEXT`: token ids and pieces.
struct TokenizeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tokenize",
    abstract: "Show the token ids and pieces a model's tokenizer makes of a text.",
    discussion: """
      Text output has one line per token: the id, a tab, and the piece in lenscribe's display \
      form (␣ space, ↵ newline, ⇥ tab, <0xNN> stray bytes, ⟨BOS⟩/⟨EOS⟩ and ⟨…⟩ control tokens). \
      --json prints {"ids":[...],"pieces":[...]}, each piece the exact text of its token (bytes \
      that are not a whole UTF-8 character, as in byte tokens, show as U+FFFD). BOS \
      comes first when the model's metadata asks for it (Gemma 3 does, SmolLM2 does not), \
      unless --no-bos (--bos puts it first for any model).
      """
  )

  @Option(help: "A registry model name or a path to a .gguf file.")
  var model: String = RegistryModel.defaultModel.name

  @Flag(help: "Print canonical JSON {\"ids\":[...],\"pieces\":[...]} instead of text.")
  var json = false

  @Flag(
    inversion: .prefixedNo, exclusivity: .exclusive,
    help: "Put the BOS token first (or with --no-bos, never); the model's default otherwise.")
  var bos: Bool?

  @Flag(
    name: .customLong("parse-special"),
    help: "Read control-token text such as <|im_start|> as those tokens, not as text.")
  var parseSpecial = false

  @Argument(help: "The text to tokenize.")
  var text: String

  /// The JSON form.
  struct Output: Encodable {
    let ids: [Int]
    let pieces: [String]
  }

  func run() throws {
    let path = try ModelStore.standard().resolve(model, log: Terminal.progress)
    let tokenizer = try Tokenizer(file: GGUFFile(path: path))
    let ids = tokenizer.encode(
      text, bos: bos, parseSpecial: parseSpecial)
    if json {
      // A piece is a token's exact text, which may hold C1 controls that JSON leaves raw.
      let output = try CanonicalJSON.string(Output(ids: ids, pieces: ids.map(tokenizer.piece)))
      print(TerminalText.escapedJSON(output), terminator: "")
    } else {
      for id in ids { print("\(id)\t\(tokenizer.displayPiece(id))") }
    }
  }
}
