import Engine
import Formatting
import Foundation

/// `trajectory`: one position followed through the layers with the logit lens: each layer's
/// top-k, the probability and rank of every token that ever enters it, and where the final
/// answer settles.
public struct Trajectory: Codable, Sendable, Equatable {
  /// Options of a trajectory block.
  public struct Options: Codable, Sendable, Equatable {
    /// The position followed; nil: the last.
    public var position: Int?
    /// Tokens per layer (1...vocabulary).
    public var top: Int
    /// Whether the final RMSNorm is applied before U.
    public var norm: LogitLens.Options.Norm
    /// The readout: the raw logit lens or a tuned lens (which always normalises).
    public var lens: LensKind

    public init(
      position: Int? = nil, top: Int = 3, norm: LogitLens.Options.Norm = .final,
      lens: LensKind = .logit
    ) {
      self.position = position
      self.top = top
      self.norm = norm
      self.lens = lens
    }
  }

  /// One token's course through the layers.
  public struct Curve: Codable, Sendable, Equatable {
    public let token: TokenProbability.Label
    /// `probabilities[l] = softmax(U norm(h_l[i]))(token)`, l = 0...L.
    public let probabilities: [Double]
    /// `ranks[l]`: its 1-based rank at layer l.
    public let ranks: [Int]
    /// The first layer where it is in the top-k.
    public let firstLayer: Int
  }

  public let options: Options
  /// The position followed.
  public let position: Int
  /// The prompt token there.
  public let token: TokenProbability.Label
  /// `layers[l]`: the lens's top-k at layer l (0: the embedding).
  public let layers: [[TokenProbability]]
  /// Every token that is ever in a layer's top-k, by first layer, then by rank there.
  public let curves: [Curve]
  /// The model's final top-1 with its final probability.
  public let finalToken: TokenProbability
  /// The smallest l such that the lens top-1 is the final top-1 at every layer l...L; nil when
  /// layer L's is not.
  public let settleLayer: Int?
  /// One to three sentences with the numbers.
  public let findings: [String]

  /// The trajectory of one position of `trace` through `unembedding`.
  public init(
    trace: Trace, unembedding: Unembedding, options: Options = Options(),
    label: TokenLabeler = plainTokenLabel, tunedLens: TunedLens? = nil
  ) throws {
    let translators = try LensKind.translators(
      options.lens, tunedLens, norm: options.norm, analysis: .trajectory, trace: trace)
    let n = trace.tokenCount
    let vocabulary = trace.vocabularySize
    let layerCount = trace.layerCount
    let position = options.position ?? n - 1
    try AnalysisError.check(position, in: 0...(n - 1), analysis: .trajectory, option: "position")
    try AnalysisError.check(options.top, in: 1...vocabulary, analysis: .trajectory, option: "top")
    guard unembedding.matrix.columns == trace.width, unembedding.vocabularySize == vocabulary
    else {
      throw AnalysisError.widthMismatch(
        what: "the unembedding", expected: trace.width, found: unembedding.matrix.columns)
    }
    var x: [Float] = []
    x.reserveCapacity((layerCount + 1) * trace.width)
    for layer in 0...layerCount {
      let start = trace.residualStart(layer: layer, position: position)
      let row = Array(trace.residual[start..<(start + trace.width)])
      x += translators?.translate(layer: layer, row, rows: 1) ?? row
    }
    // Translated rows are read through the final norm too (the tuned lens's own readout).
    let logits = unembedding.logits(
      x, rows: layerCount + 1, normalise: translators != nil || options.norm == .final)
    let lenses = (0...layerCount).map {
      Distribution(logits: logits[($0 * vocabulary)..<(($0 + 1) * vocabulary)])
    }
    let final = Distribution(logits: trace.logits(position: position))
    let finalID = final.top(1)[0]
    let tops = lenses.map { $0.top(options.top) }
    var seen: [Int: Int] = [:]
    var order: [Int] = []
    for (layer, ids) in tops.enumerated() {
      for id in ids where seen[id] == nil {
        seen[id] = layer
        order.append(id)
      }
    }
    self.options = options
    self.position = position
    token = .init(id: trace.tokens[position], text: label(trace.tokens[position]))
    let layers = zip(tops, lenses).map { ids, lens in
      ids.map { TokenProbability(id: $0, text: label($0), probability: lens.probability($0)) }
    }
    self.layers = layers
    let curves = order.map { id in
      Curve(
        token: .init(id: id, text: label(id)), probabilities: lenses.map { $0.probability(id) },
        ranks: lenses.map { $0.rank(of: id) }, firstLayer: seen[id]!)
    }
    self.curves = curves
    let finalToken = TokenProbability(
      id: finalID, text: label(finalID), probability: final.probability(finalID))
    var settle: Int? = nil
    for layer in stride(from: layerCount, through: 0, by: -1) {
      guard tops[layer][0] == finalID else { break }
      settle = layer
    }
    self.finalToken = finalToken
    settleLayer = settle
    let step = max(1, layerCount / 6)
    let marks =
      Array(stride(from: step, through: layerCount, by: step))
      + (layerCount % step == 0 ? [] : [layerCount])
    let token = self.token
    let path = marks.map { layer in
      "\(layer): " + layers[layer].prefix(3).map(\.text).joined(separator: ", ")
    }
    var findings = [
      "Read through the lens at \"\(token.text)\" (position \(position)), the top tokens go "
        + "after " + path.joined(separator: "; ") + "."
    ]
    if let settle {
      findings.append(
        "The final answer \"\(finalToken.text)\" (p = \(NumberText.significant(finalToken.probability))) "
          + "is on top from layer \(settle) of \(layerCount) on; \(curves.count) tokens enter "
          + "a top \(options.top) on the way.")
    } else {
      findings.append(
        "The lens's last layer does not put the final answer \"\(finalToken.text)\" on top; "
          + "\(curves.count) tokens enter a top \(options.top) on the way.")
    }
    self.findings = findings
  }
}

extension AnalysisKind {
  /// `analysis: trajectory`.
  public static let trajectory: AnalysisKind = "trajectory"
}
