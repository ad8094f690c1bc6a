import Foundation

/// `cap * tanh(x / cap)`: gemma2's soft-capping of attention scores and of the logits, which
/// keeps them inside (-cap, cap) and leaves small values nearly as they are.
///
/// Computed as llama.cpp's graph does (`scale(1/cap)`, `tanh`, `scale(cap)`), so the division is
/// a multiplication by the rounded reciprocal.
public struct SoftCap: Sendable, Equatable, Codable {
  public let cap: Float
  private let inverse: Float

  /// A cap; it must be positive and finite (the architecture checks the file's value).
  public init(_ cap: Float) {
    self.cap = cap
    inverse = 1 / cap
  }

  @inline(__always) public func callAsFunction(_ x: Float) -> Float { tanhf(x * inverse) * cap }

  /// Caps every value of `x` in place.
  public func apply(to x: UnsafeMutableBufferPointer<Float>) {
    for i in x.indices { x[i] = self(x[i]) }
  }
}
