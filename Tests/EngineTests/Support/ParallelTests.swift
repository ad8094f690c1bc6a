import Foundation
import Synchronization
import Testing

import Engine

/// `Parallel` runs every piece exactly once, on at most the threads asked for, also when calls
/// come from several threads at once or from inside a piece.
@Suite("Parallel")
struct ParallelTests {
  /// Counts per index, written from many threads.
  final class Counts: Sendable {
    let slots: Mutex<[Int]>
    init(_ count: Int) { slots = Mutex(Array(repeating: 0, count: count)) }
    func add(_ index: Int) { slots.withLock { $0[index] += 1 } }
    var values: [Int] { slots.withLock { $0 } }
  }

  @Test("every index once, for 1, 2, 3 and 8 threads and several pieces per thread")
  func everyIndexOnce() {
    for threads in [1, 2, 3, 8] {
      for piecesPerPart in [1, 4] {
        let counts = Counts(1000)
        Parallel.forEachRange(count: 1000, parts: threads, granule: 7, piecesPerPart: piecesPerPart) {
          range in
          for index in range { counts.add(index) }
        }
        #expect(counts.values == Array(repeating: 1, count: 1000), "\(threads) threads")
      }
    }
  }

  @Test("one thread runs everything on the caller's thread")
  func oneThread() {
    let caller = ObjectIdentifier(Thread.current)
    let others = Counts(1)
    Parallel.forEachRange(count: 64, parts: 1, piecesPerPart: 8) { _ in
      if ObjectIdentifier(Thread.current) != caller { others.add(0) }
    }
    #expect(others.values == [0])
  }

  @Test("calls from inside a piece and from several threads at once all complete")
  func nestedAndConcurrent() {
    let outer = Counts(8)
    let inner = Counts(8 * 100)
    DispatchQueue.concurrentPerform(iterations: 4) { caller in
      Parallel.forEachRange(count: 2, parts: 2) { range in
        for index in range {
          let slot = caller * 2 + index
          outer.add(slot)
          Parallel.forEachRange(count: 100, parts: 2, piecesPerPart: 3) { pieces in
            for i in pieces { inner.add(slot * 100 + i) }
          }
        }
      }
    }
    #expect(outer.values == Array(repeating: 1, count: 8))
    #expect(inner.values == Array(repeating: 1, count: 800))
  }

  @Test("many short steps in a row (the pool's workers spin between them)")
  func manyShortSteps() {
    let counts = Counts(2)
    for _ in 0..<20_000 {
      Parallel.forEachRange(count: 2, parts: 2) { range in
        for index in range { counts.add(index) }
      }
    }
    #expect(counts.values == [20_000, 20_000])
  }
}
