/// A change made to one point of the forward pass: the basis of activation patching, ablation
/// and steering.
///
/// A site is a value the forward pass computes at every position of one layer:
/// - `residual`: residual row `layer` (0: the embedding as block 0 reads it; L: what the final
///   norm reads), changed before anything reads it;
/// - `attentionOutput` / `mlpOutput`: what block `layer`'s attention or feed-forward sublayer
///   adds to the residual (after its output norm, where the architecture has one);
/// - `head(h)`: head h's output in block `layer`, before the attention output projection.
///
/// The change applies at `positions` only. Later layers see the changed value, and so does the
/// trace: its residual rows hold what the changed run computed.
public struct Intervention: Sendable, Equatable {
  /// Where in the forward pass.
  public enum Site: Sendable, Equatable, Hashable {
    case residual
    case attentionOutput
    case mlpOutput
    case head(Int)
  }

  /// What happens to the value there.
  public enum Action: Sendable, Equatable {
    /// The value at each listed position becomes the given row (`positions.count` rows of the
    /// site's width, in the order of `positions`): patching from another run.
    case replace([Float])
    /// The value becomes zero (zero ablation).
    case zero
    /// The value becomes its mean over every position of this run (mean ablation).
    case mean
    /// `vector * scale` is added to the value (one row of the site's width): steering.
    case add([Float], scale: Float)
  }

  public var layer: Int
  public var site: Site
  public var positions: [Int]
  public var action: Action

  public init(layer: Int, site: Site, positions: [Int], action: Action) {
    self.layer = layer
    self.site = site
    self.positions = positions
    self.action = action
  }

  /// The number of values per position at the site.
  func width(_ config: ModelConfig) -> Int {
    if case .head = site { return config.valueDimension }
    return config.embeddingLength
  }

  /// Throws `InterventionError` unless the intervention fits a run of `tokens` positions of
  /// the model of `config`.
  func check(_ config: ModelConfig, tokens: Int) throws(InterventionError) {
    let lastLayer = site == .residual ? config.layerCount : config.layerCount - 1
    guard (0...lastLayer).contains(layer) else {
      throw .layerOutOfRange(layer: layer, allowed: 0...lastLayer)
    }
    if case .head(let head) = site, !(0..<config.headCount).contains(head) {
      throw .headOutOfRange(head: head, headCount: config.headCount)
    }
    if let bad = positions.first(where: { !(0..<tokens).contains($0) }) {
      throw .positionOutOfRange(position: bad, tokens: tokens)
    }
    guard Set(positions).count == positions.count else { throw .repeatedPosition }
    let width = width(config)
    switch action {
    case .replace(let rows) where rows.count != positions.count * width:
      throw .wrongValueCount(expected: positions.count * width, found: rows.count)
    case .add(let vector, _) where vector.count != width:
      throw .wrongValueCount(expected: width, found: vector.count)
    default: break
    }
  }

  /// Applies the action to `values`: `tokens` rows, each `stride` apart, of which the site's
  /// `width` values start at `offset`.
  func apply(
    to values: UnsafeMutablePointer<Float>, tokens: Int, stride: Int, offset: Int, width: Int
  ) {
    func row(_ position: Int) -> UnsafeMutablePointer<Float> {
      values + position * stride + offset
    }
    switch action {
    case .replace(let rows):
      for (index, position) in positions.enumerated() {
        for i in 0..<width { row(position)[i] = rows[index * width + i] }
      }
    case .zero:
      for position in positions {
        for i in 0..<width { row(position)[i] = 0 }
      }
    case .mean:
      var mean = [Float](repeating: 0, count: width)
      for position in 0..<tokens {
        for i in 0..<width { mean[i] += row(position)[i] }
      }
      for i in 0..<width { mean[i] /= Float(tokens) }
      for position in positions {
        for i in 0..<width { row(position)[i] = mean[i] }
      }
    case .add(let vector, let scale):
      for position in positions {
        for i in 0..<width { row(position)[i] += vector[i] * scale }
      }
    }
  }
}

/// Why an intervention cannot be made.
public enum InterventionError: Error, Equatable, Sendable, CustomStringConvertible {
  case layerOutOfRange(layer: Int, allowed: ClosedRange<Int>)
  case headOutOfRange(head: Int, headCount: Int)
  case positionOutOfRange(position: Int, tokens: Int)
  case repeatedPosition
  case wrongValueCount(expected: Int, found: Int)

  public var description: String {
    switch self {
    case .layerOutOfRange(let layer, let allowed):
      "intervention at layer \(layer): the site exists at layers \(allowed.lowerBound) to \(allowed.upperBound)"
    case .headOutOfRange(let head, let count):
      "intervention on head \(head): the model has heads 0 to \(count - 1)"
    case .positionOutOfRange(let position, let tokens):
      "intervention at position \(position): the prompt has positions 0 to \(tokens - 1)"
    case .repeatedPosition:
      "an intervention lists a position twice"
    case .wrongValueCount(let expected, let found):
      "an intervention gives \(found) values where the site takes \(expected)"
    }
  }
}
