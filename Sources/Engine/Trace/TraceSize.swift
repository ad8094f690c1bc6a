import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How much memory a trace takes, worked out before the forward pass allocates any of it.
///
/// Everything a trace holds is `Float`: the residual stream before every block and after the
/// last (`(L+1) n d`), after every attention sublayer (`L n d`), attention probabilities of each
/// captured layer (`H n²` each: the one part that grows with the square of the prompt), and the
/// logits (`n V`). The pass itself needs its per-token buffers (`ForwardState`) besides.
public struct TraceSize: Sendable, Equatable {
  /// Bytes of the residual stream, before and after attention, of every layer (and of the
  /// sublayers' additions when they are kept).
  public let residual: Int
  /// Bytes of the attention probabilities of the captured layers.
  public let attention: Int
  /// Bytes of the final logits.
  public let logits: Int
  /// Bytes of the forward pass's working buffers.
  public let working: Int

  /// The size of a trace of `tokens` tokens through the model of `config`, keeping attention
  /// as `options` say.
  public init(config: ModelConfig, tokens n: Int, options: TraceOptions = TraceOptions()) {
    let layers = config.layerCount
    let captured = options.attentionLayers?.count ?? layers
    residual =
      4 * (2 * layers + 1 + (options.keepsSublayerOutputs ? 2 * layers : 0)) * n
      * config.embeddingLength
    attention = 4 * captured * config.headCount * n * n
    logits = 4 * n * config.vocabularySize
    let qkv =
      config.headCount * config.headDimension
      + config.kvHeadCount * (config.headDimension + config.valueDimension)
    working =
      4 * n * (2 * config.embeddingLength + qkv + config.headCount * config.valueDimension
        + 2 * config.feedForwardLength)
  }

  /// Everything together.
  public var total: Int { residual + attention + logits + working }

  /// The most a trace may take by default: half the machine's memory, and less under an
  /// address-space limit (`ulimit -v`), of which the model's mapping and the analyses need
  /// their part too.
  public static var defaultLimit: Int {
    var limit = Int(ProcessInfo.processInfo.physicalMemory / 2)
    var space = rlimit()
    if getrlimit(Self.addressSpace, &space) == 0, space.rlim_cur != rlim_t.max {
      limit = min(limit, Int(clamping: space.rlim_cur / 2))
    }
    return limit
  }

  #if canImport(Glibc)
    private static let addressSpace = __rlimit_resource_t(RLIMIT_AS.rawValue)
  #else
    private static let addressSpace = RLIMIT_AS
  #endif

  /// `bytes` in words: `1.2 GB`, `350 MB`.
  public static func words(_ bytes: Int) -> String {
    let value = Double(bytes)
    if value >= 1e9 { return String(format: "%.1f GB", value / 1e9) }
    return String(format: "%.0f MB", max(value / 1e6, 1))
  }
}
