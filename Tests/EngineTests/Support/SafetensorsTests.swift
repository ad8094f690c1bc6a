import Engine
import Foundation
import Testing

/// The safetensors reader on good and hostile files; the layout is the format's (a UInt64
/// header length, the JSON header, the data).
@Suite struct SafetensorsTests {
  static func file(_ bytes: Data) throws -> String {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("lenscribe-st-\(UUID().uuidString).safetensors")
    try bytes.write(to: url)
    return url.path
  }

  /// A file built by hand: header JSON, padded, then the data.
  static func handMade(_ header: String, data: Data) -> Data {
    var padded = header
    while padded.utf8.count % 8 != 0 { padded += " " }
    var length = UInt64(padded.utf8.count).littleEndian
    return Data(bytes: &length, count: 8) + Data(padded.utf8) + data
  }

  @Test func aWrittenFileReadsBackAndMatchesTheFormat() throws {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("lenscribe-st-\(UUID().uuidString).safetensors")
    defer { try? FileManager.default.removeItem(at: url) }
    try Safetensors.write(
      [
        Safetensors.Tensor(name: "b", shape: [2], floats: [1.5, -2]),
        Safetensors.Tensor(name: "a", shape: [1, 3], floats: [0, 1, 2]),
      ], metadata: ["k": "v"], to: url)
    let bytes = try Data(contentsOf: url)
    // Written by hand from the format: tensors sorted by name, back to back.
    let expected = Self.handMade(
      "{\"__metadata__\":{\"k\":\"v\"},\"a\":{\"dtype\":\"F32\",\"shape\":[1,3],\"data_offsets\":[0,12]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}",
      data: [Float(0), 1, 2, 1.5, -2].withUnsafeBytes { Data($0) })
    #expect(bytes == expected)
    let file = try Safetensors.File(path: url.path)
    #expect(file.metadata == ["k": "v"])
    #expect(try file.floats("b", shape: [2]) == [1.5, -2])
    #expect(throws: SafetensorsError.wrongShape(path: url.path, name: "a", expected: "F32 [3]", found: "F32 [1, 3]")) {
      try file.floats("a", shape: [3])
    }
    #expect(throws: SafetensorsError.missingTensor(path: url.path, name: "c")) {
      try file.floats("c", shape: [1])
    }
  }

  @Test(arguments: [
    ("a header longer than the file", Data([0xFF, 0, 0, 0, 0, 0, 0, 0, 0x7B, 0x7D])),
    ("a short file", Data([1, 2, 3])),
    ("not JSON", handMade("[1,2]", data: Data())),
    ("out of the file", handMade("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", data: Data(count: 8))),
    ("shape against bytes", handMade("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", data: Data(count: 8))),
    ("overlap", handMade("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", data: Data(count: 12))),
    ("an unknown type", handMade("{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}", data: Data(count: 8))),
    ("a negative dimension", handMade("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}", data: Data())),
  ])
  func aMalformedFileIsRefused(_ what: String, _ bytes: Data) throws {
    let path = try Self.file(bytes)
    defer { try? FileManager.default.removeItem(atPath: path) }
    do {
      _ = try Safetensors.File(path: path)
      Issue.record("\(what) was read")
    } catch {
      guard case .malformed = error else {
        Issue.record("\(what): \(error)")
        return
      }
    }
  }

  @Test func aFolderIsNotAFile() {
    #expect(throws: SafetensorsError.unreadable(path: "/tmp", reason: "not a regular file")) {
      try Safetensors.File(path: "/tmp")
    }
  }
}
