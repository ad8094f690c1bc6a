import Analysis
import ArgumentParser
import Engine
import Foundation
import Publisher
import Registry

/// `lenscribe lens fit`: the translators of a tuned lens, fitted and kept in the cache.
struct LensCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lens",
    abstract: "Fit a tuned lens: per layer, a translator that reads the middle layers.",
    subcommands: [Fit.self],
    defaultSubcommand: Fit.self
  )

  struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Fit a model's tuned-lens translators (closed-form least squares) and keep them.",
      discussion: """
        One affine translator per layer maps the residual (divided by its RMS) to the \
        direction of the last layer's, fitted by ridge least squares over the training text \
        (Belrose et al. 2023, "Eliciting Latent Predictions from Transformers with the Tuned \
        Lens"; Din et al. 2023). The default text is Jane Austen's novels from Debian's \
        r-cran-janeaustenr package (public domain; fetched once), less Persuasion, which is \
        held out: the fit is checked on its first tokens and the table printed. Translators \
        are kept in $XDG_CACHE_HOME/lenscribe/lenses, one file per model, text and options; \
        lens blocks with `lens: tuned` use the fit on the default text and options. A second \
        fit with the same inputs reuses the file.
        """
    )

    @Option(help: "A registry model name or a path to a .gguf file.")
    var model: String = RegistryModel.defaultModel.name

    @Option(help: "Fit on this UTF-8 text file instead of the default text (no held-out check).")
    var corpus: String?

    @Option(help: "Training tokens.")
    var tokens: Int = TunedLensFit.Options.defaultTokens

    @Option(help: "Tokens per forward pass (BOS included).")
    var window: Int = TunedLensFit.Options().window

    @Option(help: "Ridge towards the raw logit lens, relative to the inputs' mean square.")
    var ridge: Double = TunedLensFit.Options().ridge

    @Option(help: "Held-out tokens of Persuasion to check the fit on (0: no check).")
    var evaluate: Int = 512

    @Flag(help: "Fit again even when the translators are stored.")
    var force = false

    func run() throws {
      let options = TunedLensFit.Options(tokens: tokens, window: window, ridge: ridge)
      try options.check()
      guard evaluate >= 0 else { throw ValidationError("--evaluate must be 0 or more") }
      let store = ModelStore.standard()
      let path = try store.resolve(model, log: Terminal.progress)
      let sha256 = try RegistryModel.named(model)?.sha256 ?? FileDigest.sha256(path: path)
      let text = try corpus.map { try TunedLensTraining.text(ofFile: $0) }
      let outcome = try TunedLensTraining.standard().fit(
        ModelFile(name: model, path: path, sha256: sha256), text: text, options: options,
        evaluationTokens: evaluate, force: force, log: Terminal.progress)
      Terminal.progress(
        (outcome.fitted ? "fitted" : "reused") + " \(outcome.tokens) tokens in "
          + String(format: "%.1f s", outcome.seconds))
      if let evaluation = outcome.evaluation, let tuned = evaluation.tunedLayers {
        print(
          "held-out: \(evaluation.positions) positions, \(evaluation.bytes) bytes of Persuasion")
        print("layer  KL raw  KL tuned  bpb raw  bpb tuned  top-1 raw  top-1 tuned")
        for (layer, (raw, lens)) in zip(evaluation.layers, tuned).enumerated() {
          print(
            String(
              format: "%5d  %6.3f  %8.3f  %7.3f  %9.3f  %8.1f%%  %10.1f%%", layer, raw.divergence,
              lens.divergence, raw.bitsPerByte, lens.bitsPerByte, 100 * raw.topOneAgreement,
              100 * lens.topOneAgreement))
        }
      }
      print(outcome.file.path)
    }
  }
}
