import Engine
import Formatting
import Foundation

/// `lens-quality`: how well a readout of each layer predicts, over a text (held out from
/// anything a readout was fitted on). Per residual row, the measures of the tuned-lens paper
/// (Belrose et al. 2023): the mean KL(final ‖ lens) in nats, the cross-entropy of the actual
/// next token in bits per byte of text, the lens's entropy, and how often its top-1 is the
/// model's final top-1.
public struct LensQuality: Codable, Sendable, Equatable {
  /// One residual row read through the final norm and the unembedding.
  public struct Layer: Codable, Sendable, Equatable {
    /// Mean KL(final ‖ lens) over the positions, nats.
    public let divergence: Double
    /// Cross-entropy of the next token summed over the positions, bits per byte of the
    /// predicted text.
    public let bitsPerByte: Double
    /// Mean entropy of the lens's distribution, nats.
    public let entropy: Double
    /// Share of positions where the lens's top-1 is the final top-1.
    public let topOneAgreement: Double
  }

  /// Rows 0 (the embedding) to L (the output: the model's own prediction), read through the
  /// raw logit lens.
  public let layers: [Layer]
  /// The same rows read through the tuned lens, when one was given.
  public let tunedLayers: [Layer]?
  /// Positions read: every one that has a next token.
  public let positions: Int
  /// UTF-8 bytes of the predicted tokens (positions 1 to n - 1).
  public let bytes: Int
  /// The first row whose raw-lens top-1 agrees with the output on at least half the positions.
  public let usableLayer: Int?
  /// The same for the tuned lens.
  public let tunedUsableLayer: Int?
  public let findings: [String]

  /// Reads every row of `trace` at every position but the last; `bytes` is the UTF-8 length
  /// of the text of tokens 1..<n (what the positions predict). With `tunedLens`, each row is
  /// also read through it.
  public init(trace: Trace, unembedding: Unembedding, bytes: Int, tunedLens: TunedLens? = nil)
    throws
  {
    try self.init(
      windows: 1, unembedding: unembedding, bytes: bytes, tunedLens: tunedLens, trace: { _ in trace })
  }

  /// `init(trace:...)` over several traces of one model (windows of a longer text) together,
  /// made one at a time by `trace` (a trace holds vocabulary-sized logits per position, so
  /// they are not all kept): `bytes` counts the predicted text of all of them.
  public init(
    windows: Int, unembedding: Unembedding, bytes: Int, tunedLens: TunedLens? = nil,
    trace: (Int) throws -> Trace
  ) throws {
    guard bytes > 0 else {
      throw AnalysisError.optionOutOfRange(
        analysis: "lens-quality", option: "bytes", value: "0", allowed: "at least 1")
    }
    var raw: Totals?
    var tuned: Totals?
    var positions = 0
    for index in 0..<windows {
      let trace = try trace(index)
      guard trace.tokenCount >= 2 else {
        throw AnalysisError.promptTooShort(
          analysis: "lens-quality", tokens: trace.tokenCount, needed: 2)
      }
      let rows = trace.layerCount + 1
      raw = raw ?? Totals(rows: rows)
      raw?.add(trace, unembedding: unembedding, lens: nil)
      if let tunedLens {
        tuned = tuned ?? Totals(rows: rows)
        tuned?.add(trace, unembedding: unembedding, lens: tunedLens)
      }
      positions += trace.tokenCount - 1
    }
    guard let raw else {
      throw AnalysisError.promptTooShort(analysis: "lens-quality", tokens: 0, needed: 2)
    }
    let layers = raw.layers(positions: positions, bytes: bytes)
    let tunedLayers = tuned?.layers(positions: positions, bytes: bytes)
    let usable = Self.usable(layers)
    self.layers = layers
    self.tunedLayers = tunedLayers
    self.positions = positions
    self.bytes = bytes
    usableLayer = usable
    tunedUsableLayer = tunedLayers.flatMap(Self.usable)
    findings =
      Self.findings(layers: layers, positions: positions, bytes: bytes, usable: usable)
      + (tunedLayers.map {
        Self.tunedFindings(raw: layers, tuned: $0, usableRaw: usable, usableTuned: Self.usable($0))
      } ?? [])
  }

  private static func usable(_ layers: [Layer]) -> Int? {
    layers.indices.first { layers[$0].topOneAgreement >= 0.5 }
  }

  /// The sums of one lens's measures per row.
  private struct Totals {
    var divergence: [Double]
    var crossEntropy: [Double]
    var entropy: [Double]
    var agreeing: [Int]

    init(rows: Int) {
      divergence = [Double](repeating: 0, count: rows)
      crossEntropy = divergence
      entropy = divergence
      agreeing = [Int](repeating: 0, count: rows)
    }

    mutating func add(_ trace: Trace, unembedding: Unembedding, lens: TunedLens?) {
      let vocabulary = unembedding.vocabularySize
      for block in Unembedding.blocks(0..<(trace.tokenCount - 1)) {
        let (first, count) = (block.lowerBound, block.count)
        let finals = block.map { Distribution(logits: trace.logits(position: $0)) }
        let finalTop = finals.map { $0.top(1)[0] }
        let finalProbabilities = ParallelMap.map(count: count) { finals[$0].probabilities() }
        for layer in divergence.indices {
          let start = trace.residualStart(layer: layer, position: first)
          let x = Array(trace.residual[start..<(start + count * trace.width)])
          let logits = unembedding.logits(
            layer: layer, x, rows: count, lens: lens, normalise: true)
          let cells = ParallelMap.map(count: count) { row in
            let lens = Distribution(
              logits: logits[(row * vocabulary)..<((row + 1) * vocabulary)])
            return (
              lens.divergence(of: finals[row], probabilities: finalProbabilities[row]),
              -lens.logProbability(trace.tokens[first + row + 1]), lens.entropy,
              lens.top(1)[0] == finalTop[row]
            )
          }
          for cell in cells {
            divergence[layer] += cell.0
            crossEntropy[layer] += cell.1
            entropy[layer] += cell.2
            if cell.3 { agreeing[layer] += 1 }
          }
        }
      }
    }

    func layers(positions: Int, bytes: Int) -> [Layer] {
      divergence.indices.map { layer in
        Layer(
          divergence: divergence[layer] / Double(positions),
          bitsPerByte: crossEntropy[layer] / Foundation.log(2) / Double(bytes),
          entropy: entropy[layer] / Double(positions),
          topOneAgreement: Double(agreeing[layer]) / Double(positions))
      }
    }
  }

  private static func tunedFindings(
    raw: [Layer], tuned: [Layer], usableRaw: Int?, usableTuned: Int?
  ) -> [String] {
    let last = raw.count - 1
    let middle = last / 2
    let below = (0..<last).filter { tuned[$0].divergence < raw[$0].divergence }.count
    let agreement =
      "the tuned lens agrees with the output's top-1 on at least half the positions "
      + (usableTuned.map { "from layer \($0)" } ?? "at no layer before the output")
      + ", the raw lens "
      + (usableRaw.map { "from layer \($0)" } ?? "at no layer before the output")
    return [
      "Read through the tuned lens, layer \(middle) costs "
        + "\(NumberText.significant(tuned[middle].bitsPerByte)) bits per byte and is "
        + "\(NumberText.significant(tuned[middle].divergence)) nats from the output (raw: "
        + "\(NumberText.significant(raw[middle].bitsPerByte)) and "
        + "\(NumberText.significant(raw[middle].divergence))); its KL is below the raw lens's at "
        + "\(below) of the \(last) layers before the output, and " + agreement + "."
    ]
  }

  private static func findings(layers: [Layer], positions: Int, bytes: Int, usable: Int?)
    -> [String]
  {
    let last = layers.count - 1
    let middle = last / 2
    let output = layers[last]
    let underOneNat = layers.indices.first { layers[$0].divergence < 1 }
    return [
      "Over \(positions) positions (\(bytes) bytes of text), the model's own output costs "
        + "\(NumberText.significant(output.bitsPerByte)) bits per byte; read at layer "
        + "\(middle), the raw lens costs \(NumberText.significant(layers[middle].bitsPerByte)) "
        + "and is \(NumberText.significant(layers[middle].divergence)) nats from the output.",
      (usable.map {
        "The lens's top-1 agrees with the output's on at least half the positions from layer "
          + "\($0) (\(NumberText.percent(layers[$0].topOneAgreement)))"
      } ?? "No layer before the output agrees with its top-1 on half the positions")
        + (underOneNat.map { "; its KL to the output falls under 1 nat at layer \($0)." }
          ?? "; its KL to the output stays over 1 nat before the output."),
    ]
  }
}

extension AnalysisKind {
  public static let lensQuality: AnalysisKind = "lens-quality"
}
