import Dispatch
import Foundation

/// Splits work over the processor's cores in fixed, contiguous pieces.
///
/// The split depends only on the sizes passed in, never on timing, so code that computes each
/// result entirely inside one piece gives the same bits on every run and for every thread count.
public enum Parallel {
  /// The number of cores this process may use (`ProcessInfo.activeProcessorCount`).
  public static var processorCount: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

  /// Calls `body` once per piece of `0..<count`, split into `parts x piecesPerPart` contiguous
  /// ranges (at most) whose bounds are multiples of `granule` (except the end), on up to
  /// `parts` threads at once: `WorkerPool`'s spinning threads when it is free, else
  /// libdispatch's. Threads claim the pieces in turn, so more pieces per part balance the
  /// load when one core runs slower than the other. Returns when every piece is done.
  public static func forEachRange(
    count: Int, parts: Int, granule: Int = 1, piecesPerPart: Int = 1,
    _ body: @escaping @Sendable (Range<Int>) -> Void
  ) {
    forEachPiece(
      split(count: count, parts: parts * max(1, piecesPerPart), granule: granule),
      threads: parts, body)
  }

  /// Calls `body` once for each of `pieces`, on up to `threads` threads at once (as
  /// `forEachRange`), and returns when every piece is done.
  public static func forEachPiece(
    _ pieces: [Range<Int>], threads: Int, _ body: @escaping @Sendable (Range<Int>) -> Void
  ) {
    if pieces.count <= 1 || threads <= 1 {
      for piece in pieces { body(piece) }
      return
    }
    if WorkerPool.shared.run(pieces, threads: threads, body) { return }
    DispatchQueue.concurrentPerform(iterations: pieces.count) { index in
      body(pieces[index])
    }
  }

  /// The ranges `forEachRange` hands out: `0..<count` cut into at most `parts` contiguous,
  /// non-empty ranges of nearly equal size, with inner bounds at multiples of `granule`.
  public static func split(count: Int, parts: Int, granule: Int = 1) -> [Range<Int>] {
    precondition(count >= 0 && parts >= 1 && granule >= 1)
    let units = (count + granule - 1) / granule
    let pieces = min(parts, units)
    guard pieces > 0 else { return [] }
    var ranges: [Range<Int>] = []
    ranges.reserveCapacity(pieces)
    var start = 0
    for piece in 0..<pieces {
      let endUnit = units * (piece + 1) / pieces
      let end = min(count, endUnit * granule)
      ranges.append(start..<end)
      start = end
    }
    return ranges
  }
}
