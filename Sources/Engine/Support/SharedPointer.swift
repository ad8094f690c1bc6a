/// A pointer handed to the threads of one `Parallel` step, each of which reads or writes only
/// its own rows of the memory behind it.
struct SharedPointer<Pointee>: @unchecked Sendable {
  let base: UnsafeMutablePointer<Pointee>

  init(_ base: UnsafeMutablePointer<Pointee>) { self.base = base }

  init(_ base: UnsafePointer<Pointee>) { self.base = UnsafeMutablePointer(mutating: base) }
}
