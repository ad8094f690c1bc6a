import Engine
import Foundation
@testable import Registry
import Testing

/// A stored registry model is used under the registry's digest only while it is the file
/// that was verified.
@Suite struct ModelStoreTests {
  let store: ModelStore

  init() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("lenscribe-store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    store = ModelStore(directory: folder)
  }

  /// A three-byte "model" whose registry digest is SHA-256("abc").
  let tiny = RegistryModel(
    name: "tiny", summary: "", fileName: "tiny.gguf", parts: [], size: 3,
    sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")

  @Test func aStoredFileIsHashedOnceThenRememberedUntilItChanges() throws {
    defer { try? FileManager.default.removeItem(at: store.directory) }
    let file = store.location(of: tiny)
    try Data("abc".utf8).write(to: file)
    let stamp = Date(timeIntervalSince1970: 1_700_000_000)
    try FileManager.default.setAttributes([.modificationDate: stamp], ofItemAtPath: file.path)
    #expect(try store.verify(tiny) == .hashed)
    #expect(try store.verify(tiny) == .remembered)

    // Same size, same modification time, other bytes: refused, not used as the registry's.
    Thread.sleep(forTimeInterval: 0.02)
    try Data("abd".utf8).write(to: file)
    try FileManager.default.setAttributes([.modificationDate: stamp], ofItemAtPath: file.path)
    #expect(store.isFetched(tiny))
    do {
      try store.verify(tiny)
      Issue.record("a changed model file was accepted")
    } catch {
      let message = "\(error)"
      #expect(message.contains("not the registry's file any more"))
      #expect(message.contains("lenscribe models fetch tiny"))
    }
    // Put back: verified again by hashing, not by memory.
    try Data("abc".utf8).write(to: file)
    #expect(try store.verify(tiny) == .hashed)
  }

  @Test func aModelLinkedIntoTheStoreIsFoundAndVerified() throws {
    defer { try? FileManager.default.removeItem(at: store.directory) }
    let real = ModelStore.standard().location(of: .smollm2)
    try #require(ModelStore.standard().isFetched(.smollm2), "run `make test` to fetch the models")
    try FileManager.default.createSymbolicLink(
      at: store.location(of: .smollm2), withDestinationURL: real)
    #expect(store.isFetched(.smollm2))
    #expect(try store.resolve("smollm2-135m") == store.location(of: .smollm2).path)
    #expect(try store.verify(.smollm2) == .remembered)
  }
}
