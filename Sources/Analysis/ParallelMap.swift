import Engine

/// `(0..<count).map(body)` computed over the cores in fixed contiguous pieces; each element is
/// computed by exactly one call, so the result does not depend on timing.
enum ParallelMap {
  static func map<T: Sendable>(count: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
    let results = Slots<T>(count: count)
    Parallel.forEachRange(count: count, parts: Parallel.processorCount) { range in
      for index in range { results.set(index, body(index)) }
    }
    return results.values()
  }

  /// Storage written at distinct indices from different threads (a raw allocation, so no
  /// exclusivity check sees the concurrent writes).
  private final class Slots<T>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<T?>
    private let count: Int

    init(count: Int) {
      self.count = count
      storage = .allocate(capacity: count)
      storage.initialize(repeating: nil, count: count)
    }

    deinit {
      storage.deinitialize(count: count)
      storage.deallocate()
    }

    func set(_ index: Int, _ value: T) { storage[index] = value }

    func values() -> [T] { (0..<count).map { storage[$0]! } }
  }
}
