/// One of ggml's tensor formats, seen as a sequence of blocks that decode to `Float`s.
///
/// Each conforming type lives in its own file (`Q4_K.swift`, ...) with the block's bit layout
/// written above it, its dequantizer, and its fused decode-and-dot kernel side by side. The
/// dequantizer reproduces ggml's (and the `gguf` Python package's) arithmetic operation for
/// operation, so its results are bit-identical to theirs. The dot kernel decodes the very same
/// floats into registers and multiplies them into the caller's accumulators, so it gives the
/// same bits as dequantizing first and then multiplying (see `MatrixKernel`).
protocol BlockFormat {
  /// The ggml type this format decodes.
  static var type: TensorType { get }

  /// Decodes `blocks` consecutive blocks starting at `source` into
  /// `blocks * type.blockSize` floats at `out`.
  static func dequantize(
    _ source: UnsafeRawPointer, blocks: Int, into out: UnsafeMutablePointer<Float>)

  /// For four rows that share the column range of `blocks` blocks, adds lane by lane
  /// `w[r][c] * x[c]` (one fused multiply-add per lane and column group of 8, in column order)
  /// into `acc.r`. `rows.r` points at row r's first block; `x` at the matching activations.
  static func dot4(
    _ rows: RowPointers, blocks: Int, x: UnsafePointer<Float>, acc: inout Accumulators4)
}

/// The weights of four rows, each pointing at the first block of a column range.
struct RowPointers {
  var r0: UnsafeRawPointer
  var r1: UnsafeRawPointer
  var r2: UnsafeRawPointer
  var r3: UnsafeRawPointer

  /// Row `r` (0..<4).
  @inline(__always) subscript(r: Int) -> UnsafeRawPointer {
    switch r {
    case 0: r0
    case 1: r1
    case 2: r2
    default: r3
    }
  }

  /// The same four rows advanced by `bytes`.
  @inline(__always) func advanced(by bytes: Int) -> RowPointers {
    RowPointers(
      r0: r0 + bytes, r1: r1 + bytes, r2: r2 + bytes, r3: r3 + bytes)
  }
}

/// Four rows' running sums: one SIMD8 chain per row, lane `l` adding columns `8k + l`.
struct Accumulators4 {
  var a0: SIMD8<Float> = .zero
  var a1: SIMD8<Float> = .zero
  var a2: SIMD8<Float> = .zero
  var a3: SIMD8<Float> = .zero

  /// Row `r`'s sums (0..<4).
  @inline(__always) subscript(r: Int) -> SIMD8<Float> {
    switch r {
    case 0: a0
    case 1: a1
    case 2: a2
    default: a3
    }
  }
}
