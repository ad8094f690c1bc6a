/// An element of a `BinaryHeap`: `comesBefore` is the order in which elements are taken out.
protocol HeapElement {
  /// Whether `self` must be taken out before `other`.
  func comesBefore(_ other: Self) -> Bool
}

/// A binary heap for the merge queues of the BPE and SentencePiece tokenizers.
///
/// Written out here rather than taken from swift-collections: the manifest does not depend on
/// it, and the queues need nothing but push and pop, specialised for small value types.
struct BinaryHeap<Element: HeapElement> {
  private var storage: [Element] = []

  var isEmpty: Bool { storage.isEmpty }

  mutating func removeAll() {
    storage.removeAll(keepingCapacity: true)
  }

  mutating func push(_ element: Element) {
    storage.append(element)
    var child = storage.count - 1
    storage.withUnsafeMutableBufferPointer { heap in
      while child > 0 {
        let parent = (child - 1) / 2
        guard heap[child].comesBefore(heap[parent]) else { break }
        heap.swapAt(child, parent)
        child = parent
      }
    }
  }

  /// Removes and returns the first element (the heap must not be empty).
  mutating func pop() -> Element {
    let last = storage.count - 1
    storage.swapAt(0, last)
    let first = storage.removeLast()
    storage.withUnsafeMutableBufferPointer { heap in
      var parent = 0
      let count = heap.count
      while true {
        let left = 2 * parent + 1
        guard left < count else { break }
        var best = left
        if left + 1 < count && heap[left + 1].comesBefore(heap[left]) { best = left + 1 }
        guard heap[best].comesBefore(heap[parent]) else { break }
        heap.swapAt(best, parent)
        parent = best
      }
    }
    return first
  }
}
