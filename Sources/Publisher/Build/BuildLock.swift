import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One build of a site at a time, across processes (`build` beside `serve`): an advisory
/// lock on `SITE/.cache/build.lock`, held while the cache and `public/` change. A second build
/// waits for the first instead of both writing the same files; the kernel drops the lock
/// when a build is killed.
final class BuildLock {
  private let descriptor: Int32

  /// Takes the lock of the site whose cache folder is `cache`, saying so on `log` if it waits.
  init(cache: URL, log: (String) -> Void) throws(PublishError) {
    let file = cache.appendingPathComponent("build.lock")
    do {
      try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
    } catch {
      throw .unwritable(path: cache.path, reason: error.localizedDescription)
    }
    descriptor = open(file.path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
    guard descriptor >= 0 else {
      throw .unwritable(path: file.path, reason: String(cString: strerror(errno)))
    }
    if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
      log("another build of this site is running; waiting for it to finish")
      guard flock(descriptor, LOCK_EX) == 0 else {
        let reason = String(cString: strerror(errno))
        close(descriptor)
        throw .unwritable(path: file.path, reason: reason)
      }
    }
  }

  deinit {
    flock(descriptor, LOCK_UN)
    close(descriptor)
  }
}
