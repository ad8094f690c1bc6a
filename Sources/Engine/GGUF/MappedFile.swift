#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A whole file mapped read-only into memory; the mapping lives as long as this object.
///
/// Model weights are read in place through this mapping and never copied, so a 4 GB model
/// costs 4 GB of page cache, shared with every other process that maps it, not of heap.
public final class MappedFile: @unchecked Sendable {
  /// The path the file was opened with.
  public let path: String
  /// The mapped bytes (empty for an empty file).
  public let bytes: UnsafeRawBufferPointer
  private let ownsMapping: Bool

  /// Wraps bytes that are already in memory, for parsing files built or mutated in memory.
  /// The caller keeps `bytes` alive and unchanged for as long as this object lives.
  public init(unownedBytes bytes: UnsafeRawBufferPointer, path: String) {
    self.path = path
    self.bytes = bytes
    self.ownsMapping = false
  }

  /// Maps the file at `path`; throws `GGUFError.unreadable` with the system's reason.
  public init(path: String) throws {
    self.path = path
    self.ownsMapping = true
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever; a
    // regular file reads the same either way, and anything else is refused below.
    let fd = open(path, O_RDONLY | O_NONBLOCK)
    guard fd >= 0 else {
      throw GGUFError.unreadable(file: path, reason: String(cString: strerror(errno)))
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      throw GGUFError.unreadable(file: path, reason: String(cString: strerror(errno)))
    }
    guard (info.st_mode & S_IFMT) == S_IFREG else {
      throw GGUFError.unreadable(
        file: path, reason: "it is not a regular file (a FIFO, device or folder); give a .gguf file")
    }
    let size = Int(info.st_size)
    if size == 0 {
      bytes = UnsafeRawBufferPointer(start: nil, count: 0)
      return
    }
    let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
    guard let address, address != MAP_FAILED else {
      throw GGUFError.unreadable(file: path, reason: String(cString: strerror(errno)))
    }
    bytes = UnsafeRawBufferPointer(start: address, count: size)
  }

  deinit {
    if ownsMapping, let base = bytes.baseAddress {
      munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
    }
  }
}
