import Foundation
import ZIPFoundation

/// zlib (RFC 1950) and gzip (RFC 1952) streams, inflated by ZIPFoundation's raw-deflate decoder
/// with their headers and trailers checked here.
///
/// Every inflated size is known (the lazy-load entry's length word, gzip's ISIZE) and bounded
/// before anything is allocated, the output is cut off the moment it would pass that size, and
/// the checksum in the trailer must match: hostile bytes end in a `CorpusError`, not in memory
/// use or a read past the input.
enum Inflate {
  /// The most one stream may inflate to. The largest novel serializes to about 1 MB.
  static let sizeLimit = 64 << 20

  /// How many compressed bytes are handed to the decoder at a time.
  static let chunkSize = 1 << 16

  /// The bytes of the zlib stream `bytes`, which must inflate to exactly `expectedSize` bytes.
  static func zlib(_ bytes: ArraySlice<UInt8>, expectedSize: Int) throws(CorpusError) -> [UInt8] {
    guard expectedSize >= 0, expectedSize <= sizeLimit else {
      throw .malformedDatabase("a stream claims to inflate to \(expectedSize) bytes (at most \(sizeLimit))")
    }
    guard bytes.count >= 6 else {
      throw .malformedDatabase("a zlib stream of \(bytes.count) bytes is too short")
    }
    let start = bytes.startIndex
    let method = bytes[start]
    let flags = bytes[start + 1]
    guard method & 0x0F == 8, method >> 4 <= 7, (UInt16(method) << 8 | UInt16(flags)) % 31 == 0 else {
      throw .malformedDatabase(
        "not a zlib stream (it starts with \(hex(method)) \(hex(flags)), not a deflate header)")
    }
    guard flags & 0x20 == 0 else {
      throw .malformedDatabase("the zlib stream needs a preset dictionary")
    }
    let (output, _) = try raw(bytes[(start + 2)..<(bytes.endIndex - 4)], limit: expectedSize)
    guard output.count == expectedSize else {
      throw .malformedDatabase(
        "a stream inflated to \(output.count) bytes, not the \(expectedSize) its entry says")
    }
    let stored = bigEndian32(bytes, at: bytes.endIndex - 4)
    guard adler32(output) == stored else {
      throw .malformedDatabase("the zlib stream's Adler-32 does not match its bytes")
    }
    return output
  }

  /// The bytes of the single-member gzip file `bytes`, which may inflate to at most `limit`.
  static func gzip(_ bytes: [UInt8], limit: Int) throws(CorpusError) -> [UInt8] {
    guard bytes.count >= 18, bytes[0] == 0x1F, bytes[1] == 0x8B else {
      throw .malformedDatabase("not a gzip file (no 1f 8b magic)")
    }
    guard bytes[2] == 8 else {
      throw .malformedDatabase("the gzip file uses compression method \(bytes[2]), not deflate")
    }
    let flags = bytes[3]
    guard flags & 0xE0 == 0 else {
      throw .malformedDatabase("the gzip header has reserved flags set (\(hex(flags)))")
    }
    let trailer = bytes.count - 8
    var at = 10
    if flags & 0x04 != 0 {  // FEXTRA: a little-endian length, then that many bytes
      guard at + 2 <= trailer else { throw .malformedDatabase("the gzip header ends early") }
      at += 2 + (Int(bytes[at]) | Int(bytes[at + 1]) << 8)
    }
    for flag: UInt8 in [0x08, 0x10] where flags & flag != 0 {  // FNAME, FCOMMENT: zero-terminated
      guard at < trailer, let end = bytes[at..<trailer].firstIndex(of: 0) else {
        throw .malformedDatabase("the gzip header ends early")
      }
      at = end + 1
    }
    if flags & 0x02 != 0 { at += 2 }  // FHCRC
    guard at <= trailer else { throw .malformedDatabase("the gzip header ends early") }
    let size = Int(littleEndian32(bytes, at: trailer + 4))
    guard size <= limit else {
      throw .malformedDatabase("the gzip file claims to inflate to \(size) bytes (at most \(limit))")
    }
    let (output, crc) = try raw(bytes[at..<trailer], limit: size, crc: true)
    guard output.count == size else {
      throw .malformedDatabase("the gzip file inflated to \(output.count) bytes, not the \(size) it says")
    }
    guard crc == littleEndian32(bytes, at: trailer) else {
      throw .malformedDatabase("the gzip file's CRC-32 does not match its bytes")
    }
    return output
  }

  /// Inflates raw deflate data to at most `limit` bytes; with `crc`, also their CRC-32.
  private static func raw(
    _ deflated: ArraySlice<UInt8>, limit: Int, crc: Bool = false
  ) throws(CorpusError) -> (bytes: [UInt8], crc: UInt32) {
    var output: [UInt8] = []
    // Deflate inflates at most about 1032 to 1: a short stream claiming much reserves little.
    output.reserveCapacity(min(limit, deflated.count * 1032 + 1024))
    let base = deflated.startIndex
    do {
      let checksum = try Data.decompress(
        size: Int64(deflated.count), bufferSize: chunkSize, skipCRC32: !crc,
        provider: { position, size in
          // Asked for more after the last byte: the stream did not end where the data does.
          guard position >= 0, position < Int64(deflated.count), size > 0 else {
            throw CorpusError.malformedDatabase("a compressed stream ends before its end marker")
          }
          let start = base + Int(position)
          let end = base + min(Int(position) + size, deflated.count)
          var chunk = Data(deflated[start..<end])
          // Linux's decoder hands zlib `size` bytes whatever the chunk holds; zeros past the end
          // keep a truncated stream from reading beyond the chunk (zlib then reports an error,
          // or asks for more and the guard above answers).
          if chunk.count < size { chunk.append(Data(count: size - chunk.count)) }
          return chunk
        },
        consumer: { chunk in
          guard output.count + chunk.count <= limit else {
            throw CorpusError.malformedDatabase(
              "a compressed stream inflates past the \(limit) bytes it says")
          }
          output.append(contentsOf: chunk)
        })
      return (output, checksum)
    } catch let error as CorpusError {
      throw error
    } catch {
      throw .malformedDatabase("a compressed stream is corrupt (\(error))")
    }
  }

  /// The Adler-32 checksum of `bytes` (RFC 1950).
  static func adler32(_ bytes: [UInt8]) -> UInt32 {
    var a: UInt32 = 1
    var b: UInt32 = 0
    var index = 0
    while index < bytes.count {
      // 5552 bytes is the most that can be summed before the 32-bit sums could overflow.
      let end = min(index + 5552, bytes.count)
      for byte in bytes[index..<end] {
        a &+= UInt32(byte)
        b &+= a
      }
      a %= 65521
      b %= 65521
      index = end
    }
    return b << 16 | a
  }

  private static func bigEndian32(_ bytes: ArraySlice<UInt8>, at index: Int) -> UInt32 {
    (index..<(index + 4)).reduce(0) { $0 << 8 | UInt32(bytes[$1]) }
  }

  private static func littleEndian32(_ bytes: [UInt8], at index: Int) -> UInt32 {
    (index..<(index + 4)).reversed().reduce(0) { $0 << 8 | UInt32(bytes[$1]) }
  }

  private static func hex(_ byte: UInt8) -> String { String(format: "%02x", byte) }
}
