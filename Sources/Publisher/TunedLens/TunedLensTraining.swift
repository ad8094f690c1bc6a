import Analysis
import Engine
import Foundation
import Registry

/// `lenscribe lens fit` as a library: which text a tuned lens is fitted on, where its
/// translators are kept, and the fit itself with progress and a held-out check.
///
/// The default training text is Jane Austen's novels as Debian's r-cran-janeaustenr package
/// ships them (public domain, fetched once into the cache): ordinary English prose, long enough
/// (3.6 MB without Persuasion) for any number of training tokens we ask for, and available
/// offline once fetched. Persuasion is held out for evaluation, and lens blocks use the
/// translators fitted on the other five with the default options.
public struct TunedLensTraining: Sendable {
  /// Where translator files are kept.
  public let lenses: TunedLensStore
  /// Where the default training text is kept.
  public let corpora: CorpusStore

  public init(lenses: TunedLensStore, corpora: CorpusStore) {
    self.lenses = lenses
    self.corpora = corpora
  }

  /// The standard cache locations, from the environment.
  public static func standard(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> TunedLensTraining {
    TunedLensTraining(
      lenses: TunedLensStore(
        directory: ModelStore.cacheRoot(environment: environment).appendingPathComponent("lenses")),
      corpora: CorpusStore.standard(environment: environment))
  }

  /// A text to fit on (or to evaluate with) and its SHA-256.
  public struct Text: Sendable {
    public let name: String
    public let text: String
    public let sha256: String

    public init(name: String, text: String) {
      self.name = name
      self.text = text
      sha256 = FileDigest.sha256(bytes: Array(text.utf8))
    }
  }

  /// The text of the file at `path` (a regular file of UTF-8 text, at most 1 GiB).
  public static func text(ofFile path: String) throws -> Text {
    var status = stat()
    guard stat(path, &status) == 0 else {
      throw TunedLensError.unreadableCorpus(path: path, reason: String(cString: strerror(errno)))
    }
    guard status.st_mode & S_IFMT == S_IFREG else {
      throw TunedLensError.unreadableCorpus(path: path, reason: "not a regular file")
    }
    guard status.st_size <= 1 << 30 else {
      throw TunedLensError.unreadableCorpus(path: path, reason: "larger than 1 GiB")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw TunedLensError.unreadableCorpus(path: path, reason: "it cannot be read")
    }
    guard let text = String(validating: data, as: UTF8.self) else {
      throw TunedLensError.unreadableCorpus(path: path, reason: "it is not UTF-8 text")
    }
    return Text(name: URL(fileURLWithPath: path).lastPathComponent, text: text)
  }

  /// The default training text: the five novels other than the held-out one, in publication
  /// order.
  public static func trainingText(_ novels: [CorpusText]) -> Text {
    let kept = novels.filter { $0.name != AustenCorpus.heldOut }
    return Text(
      name: "Jane Austen's novels but Persuasion (r-cran-janeaustenr)",
      text: kept.map(\.text).joined())
  }

  /// The held-out text: Persuasion.
  public static func heldOutText(_ novels: [CorpusText]) -> Text? {
    novels.first { $0.name == AustenCorpus.heldOut }.map {
      Text(name: "Persuasion (held out)", text: $0.text)
    }
  }

  /// The key of the translators lens blocks use for the model of SHA-256 `model`: the default
  /// text and options. Nil when the default text is not stored (then no fit exists).
  public func defaultKey(model: String) -> TunedLensStore.Key? {
    corpora.storedAustenNovels().map {
      TunedLensStore.Key(
        model: model, corpus: Self.trainingText($0).sha256, options: TunedLensFit.Options())
    }
  }

  /// The translators lens blocks use for `model`, or `notFitted`.
  public func defaultLens(for model: ModelFile, transformer: Transformer) throws -> TunedLens {
    guard let key = defaultKey(model: model.sha256) else {
      throw TunedLensError.notFitted(model: model.name)
    }
    return try lenses.load(
      key, modelName: model.name, layerCount: transformer.config.layerCount,
      width: transformer.config.embeddingLength)
  }

  /// The SHA-256 of the translator file lens blocks use for the model of SHA-256 `model`, or
  /// nil when none is stored.
  public func defaultLensDigest(model: String) -> String? {
    guard let key = defaultKey(model: model), lenses.contains(key) else { return nil }
    return try? FileDigest.sha256(path: lenses.location(of: key).path)
  }

  /// What a fit did.
  public struct Outcome: Sendable {
    public let file: URL
    public let digest: String
    /// False when the translators were already stored (nothing was fitted).
    public let fitted: Bool
    public let windows: Int
    public let tokens: Int
    /// Seconds to load the model and fit (or find) the translators, without the check.
    public let seconds: Double
    /// The raw and tuned lens per layer on the held-out text, when there is one.
    public let evaluation: LensQuality?
  }

  /// Fits the translators of `model` on `text` (the default text when nil) unless they are
  /// stored, then checks them on held-out text (Persuasion's first `evaluationTokens` tokens,
  /// when the default text is used and the value is above 0).
  public func fit(
    _ model: ModelFile, text: Text?, options: TunedLensFit.Options = TunedLensFit.Options(),
    evaluationTokens: Int = 512, force: Bool = false, log: @escaping @Sendable (String) -> Void
  ) throws -> Outcome {
    try options.check()
    let clock = ContinuousClock()
    let start = clock.now
    let gguf = try GGUFFile(path: model.path)
    let tokenizer = try Tokenizer(file: gguf)
    let transformer = try Transformer(file: gguf)
    var heldOut: Text?
    let training: Text
    if let text {
      training = text
    } else {
      let novels = try corpora.austenNovels(log: log)
      training = Self.trainingText(novels)
      heldOut = Self.heldOutText(novels)
    }
    let key = TunedLensStore.Key(model: model.sha256, corpus: training.sha256, options: options)
    let url = lenses.location(of: key)
    let windows = try TunedLensFit.windows(
      of: training.text, tokenizer: tokenizer, options: options)
    let tokens = windows.reduce(0) { $0 + $1.count }
    let lens: TunedLens
    let fitted: Bool
    if !force, lenses.contains(key),
      let stored = try? lenses.load(
        key, modelName: model.name, layerCount: transformer.config.layerCount,
        width: transformer.config.embeddingLength)
    {
      log("the tuned lens of \(model.fileName) on this text and options is stored: \(url.path)")
      lens = stored
      fitted = false
    } else {
      log(
        "fitting a tuned lens for \(model.fileName) on \(tokens) tokens of \(training.name) "
          + "(\(windows.count) windows of up to \(options.window))")
      var progress = WorkProgress("tuned lens: windows", log: log)
      let made = try TunedLensFit.fit(
        transformer: transformer, windows: windows, options: options
      ) { progress.tell(done: $0, of: $1) }
      let digest = try lenses.store(made, for: key)
      lens = try TunedLens(
        width: made.width, weights: made.weights, biases: made.biases, digest: digest)
      fitted = true
      log("stored \(url.path)")
    }
    let seconds = (clock.now - start) / .seconds(1)
    var evaluation: LensQuality?
    if let heldOut, evaluationTokens > 0 {
      log("checking both lenses on the first \(evaluationTokens) tokens of \(heldOut.name)")
      var progress = WorkProgress("tuned lens: held-out windows", log: log)
      evaluation = try evaluate(
        lens, transformer: transformer, tokenizer: tokenizer, text: heldOut,
        tokens: evaluationTokens, window: options.window
      ) { progress.tell(done: $0, of: $1) }
    }
    return Outcome(
      file: url, digest: lens.digest, fitted: fitted, windows: windows.count, tokens: tokens,
      seconds: seconds, evaluation: evaluation)
  }

  /// The lens quality of the raw and the tuned lens over the first `tokens` tokens of `text`,
  /// read in windows of `window` as the fit read its text; `progress` gets (windows done, all).
  public func evaluate(
    _ lens: TunedLens, transformer: Transformer, tokenizer: Tokenizer, text: Text, tokens: Int,
    window: Int, progress: (Int, Int) -> Void = { _, _ in }
  ) throws -> LensQuality {
    let ids = tokenizer.encode(text.text, addBOS: false)
    let bos = tokenizer.addsBOS(nil) ? tokenizer.bosID : nil
    let step = window - (bos == nil ? 0 : 1)
    let windows = stride(from: 0, to: min(tokens, ids.count), by: step).map { first in
      (bos.map { [$0] } ?? []) + ids[first..<min(first + step, ids.count, tokens)]
    }.filter { $0.count >= 2 }
    let bytes = windows.reduce(0) { $0 + tokenizer.decode(Array($1.dropFirst())).count }
    return try LensQuality(
      windows: windows.count, unembedding: Unembedding(transformer: transformer),
      bytes: max(bytes, 1), tunedLens: lens
    ) { index in
      progress(index, windows.count)
      return try transformer.trace(
        tokens: windows[index], options: TraceOptions(attentionLayers: []))
    }
  }
}
