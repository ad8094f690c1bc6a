import Engine
import Formatting
import Foundation

/// `memory-purge`: per layer, how much the residual still reads as the prompt's input words (E)
/// against how much it reads as the answer it is building (U), showing where the last layers
/// wipe the non-output content.
public struct MemoryPurge: Codable, Sendable, Equatable {
  /// One layer, averaged over positions 1..<n.
  public struct Layer: Codable, Sendable, Equatable {
    /// Mean of `cos(h_l[i], E_(t_i))`: the amplitude of the position's own input token.
    public let ownInput: Double
    /// Mean of `max_(j <= i) cos(h_l[i], E_(t_j))`: the best amplitude of any prompt token so far.
    public let promptInput: Double
    /// Mean of `cos(h_l[i], U_(v_l[i]))`, `v_l[i]` the logit-lens top-1 at layer l.
    public let output: Double
  }

  /// `layers[l]` for l = 0...L (0: the embedding).
  public let layers: [Layer]
  /// The layer where `ownInput` is largest.
  public let inputPeakLayer: Int
  /// The block (layer 1 or later) where `output` is largest.
  public let outputPeakLayer: Int
  /// One to three sentences with the numbers.
  public let findings: [String]

  /// The memory purge of `trace` (at least two tokens).
  public init(trace: Trace, dictionaries: Dictionaries, unembedding: Unembedding) throws {
    let n = trace.tokenCount
    let d = trace.width
    guard n >= 2 else {
      throw AnalysisError.promptTooShort(analysis: "memory-purge", tokens: n, needed: 2)
    }
    guard dictionaries.width == d, unembedding.matrix.columns == d else {
      throw AnalysisError.widthMismatch(
        what: "the dictionaries", expected: d, found: dictionaries.width)
    }
    let vocabulary = unembedding.vocabularySize
    let inputRows = trace.tokens.map { dictionaries.input.row($0) }
    var layers: [Layer] = []
    for layer in 0...trace.layerCount {
      let start = trace.residualStart(layer: layer, position: 0)
      let x = Array(trace.residual[start..<(start + n * d)])
      var own: [Double] = []
      var prompt: [Double] = []
      var output: [Double] = []
      // The logits of a block of positions at a time: they are vocabulary-sized per position.
      for block in Unembedding.blocks(1..<n) {
        let first = block.lowerBound
        let logits = unembedding.logits(
          Array(x[(first * d)..<(block.upperBound * d)]), rows: block.count, normalise: true)
        for position in block {
          let row = position * d
          own.append(Vectors.cosine(x, row, inputRows[position], 0, d))
          prompt.append(
            (0...position).map { Vectors.cosine(x, row, inputRows[$0], 0, d) }.max() ?? 0)
          let offset = (position - first) * vocabulary
          let top = TopK.indices(of: logits[offset..<(offset + vocabulary)], k: 1)[0]
          output.append(Vectors.cosine(x, row, dictionaries.output.row(top), 0, d))
        }
      }
      layers.append(
        Layer(
          ownInput: Vectors.mean(own), promptInput: Vectors.mean(prompt),
          output: Vectors.mean(output)))
    }
    self.layers = layers
    inputPeakLayer = layers.indices.max { layers[$0].ownInput < layers[$1].ownInput }!
    // The embedding row (layer 0) is left out: where E and U are tied, a token's input vector
    // is also an output vector, so layer 0 reads as output content by construction.
    let blocks = layers.count > 1 ? Array(layers.indices.dropFirst()) : Array(layers.indices)
    outputPeakLayer = blocks.max { layers[$0].output < layers[$1].output }!
    let last = layers.count - 1
    let before = max(0, last - max(1, trace.layerCount / 6))
    findings = [
      "The residual's amplitude on its own token's input vector is "
        + "\(NumberText.significant(layers[0].ownInput)) at the embedding, "
        + "\(NumberText.significant(layers[before].ownInput)) at layer \(before) and "
        + "\(NumberText.significant(layers[last].ownInput)) at layer \(last).",
      "Its amplitude on the lens's top-1 output vector goes from "
        + "\(NumberText.significant(layers[before].output)) at layer \(before) to "
        + "\(NumberText.significant(layers[last].output)) at layer \(last) (peak at layer "
        + "\(outputPeakLayer)).",
    ]
  }
}

extension AnalysisKind {
  /// `analysis: memory-purge`.
  public static let memoryPurge: AnalysisKind = "memory-purge"
}
