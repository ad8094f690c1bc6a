import Analysis
import Engine
import Foundation
import Publisher
import Registry
import Testing

@Suite struct CacheTests {
  static let request = LensRequest(
    analysis: .logitLens, model: "smollm2-135m", prompt: "I go to the basketball court to",
    options: ["top": .int(5), "layers": .list([.int(1), .int(2)])])
  static let key = CacheKey(
    models: [.init(name: "smollm2-135m", sha256: String(repeating: "a", count: 64))],
    request: request, code: String(repeating: "1", count: 64))

  func temporaryFolder() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent(
      "lenscribe-cache-\(UUID().uuidString)")
  }

  @Test func theKeyHashCoversEveryPartAndNothingElse() {
    #expect(Self.key.hash.count == 64)
    var reordered = Self.request
    reordered.options = ["layers": .list([.int(1), .int(2)]), "top": .int(5)]
    #expect(
      CacheKey(models: Self.key.models, request: reordered, code: Self.key.code).hash
        == Self.key.hash)
    var other = Self.key
    other.code = String(repeating: "2", count: 64)
    #expect(other.hash != Self.key.hash)
    // The SVG ids derive from the content alone: a change of code does not move them.
    #expect(other.contentHash == Self.key.contentHash)
    other = Self.key
    other.models[0].sha256 = String(repeating: "b", count: 64)
    #expect(other.hash != Self.key.hash)
    other = Self.key
    other.request.prompt = "I go to the basketball court and"
    #expect(other.hash != Self.key.hash)
  }

  @Test func differencesAreNamedInWords() {
    var changed = Self.key
    changed.request.prompt = "Other"
    changed.request.options["top"] = LensValue.int(10)
    changed.models[0].sha256 = String(repeating: "c", count: 64)
    changed.code = String(repeating: "2", count: 64)
    #expect(
      changed.differences(from: Self.key) == [
        "lenscribe's code (111111111111 → 222222222222)", "the model file's content",
        "the prompt", "option 'top'",
      ])
    #expect(Self.key.differences(from: Self.key).isEmpty)
  }

  @Test func storedResultsComeBackAsTheyWere() throws {
    let folder = temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let cache = ResultCache(folder: folder)
    #expect(cache.result(for: Self.key) == nil)
    let result = "{\n  \"a\" : [1, 0.1, \"\\u0000 é\"]\n}\n"
    try cache.store(result, for: Self.key)
    #expect(cache.result(for: Self.key) == result)
    #expect(cache.entry(for: Self.key).lastPathComponent == Self.key.hash + ".json")
    try Data("damaged".utf8).write(to: cache.entry(for: Self.key))
    #expect(cache.result(for: Self.key) == nil)
  }

  @Test func theCodeIsIdentifiedByTheRunningExecutable() throws {
    #expect(CodeIdentity.current == (try FileDigest.sha256(path: "/proc/self/exe")))
    #expect(CacheKey(models: [], request: Self.request).code == CodeIdentity.current)
  }

  @Test func modelDigestsAreRememberedUntilTheFileChanges() throws {
    let folder = temporaryFolder()
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let model = folder.appendingPathComponent("model.gguf")
    try Data("abc".utf8).write(to: model)
    let memory = folder.appendingPathComponent("digests.json")
    let stamp = Date(timeIntervalSince1970: 1_700_000_000)
    try FileManager.default.setAttributes([.modificationDate: stamp], ofItemAtPath: model.path)

    let digests = ModelDigests(file: memory)
    let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    let xyz = "3608bca1e44ea6c4d268eb6db02260269892c0b42b86bbf1e77a6fa16c3c9282"
    #expect(try digests.sha256(path: model.path) == abc)
    #expect(try digests.sha256(path: model.path) == abc)
    #expect(digests.hashed == 1)
    try digests.save()
    #expect(try ModelDigests(file: memory).sha256(path: model.path) == abc)

    // Replaced by a file of the same size with the old modification time restored, as
    // `cp -p` or `rsync -t` do: its inode and status-change time tell.
    Thread.sleep(forTimeInterval: 0.02)
    try Data("xyz".utf8).write(to: model, options: .atomic)
    try FileManager.default.setAttributes([.modificationDate: stamp], ofItemAtPath: model.path)
    let reloaded = ModelDigests(file: memory)
    #expect(try reloaded.sha256(path: model.path) == xyz)
    #expect(reloaded.hashed == 1)
    try reloaded.save()

    // Rewritten in place, same size and time restored: the status-change time tells.
    Thread.sleep(forTimeInterval: 0.02)
    try Data("abc".utf8).write(to: model)
    try FileManager.default.setAttributes([.modificationDate: stamp], ofItemAtPath: model.path)
    #expect(try ModelDigests(file: memory).sha256(path: model.path) == abc)

    // --force forgets every remembered digest.
    let forced = ModelDigests(file: memory, remembering: false)
    #expect(try forced.sha256(path: model.path) == abc && forced.hashed == 1)
  }

  @Test func aRealModelHashesToItsRegistryDigest() throws {
    let folder = temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let digests = ModelDigests(file: folder.appendingPathComponent("digests.json"))
    #expect(try digests.sha256(path: TestModels.smollm2) == RegistryModel.smollm2.sha256)
  }
}
