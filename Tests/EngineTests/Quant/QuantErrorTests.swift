import Foundation
import Testing

import Engine

@Suite("Unsupported and malformed tensors")
struct QuantErrorTests {
  @Test("every type other than the 15 decoded ones is refused, naming the type and the tensor")
  func unsupported() throws {
    let unsupported = TensorType.allCases.filter { !QuantTestData.supported.contains($0) }
    #expect(unsupported.count == TensorType.allCases.count - 15)
    for type in unsupported {
      #expect(!type.isSupported)
      let bytes = ByteBox([UInt8](repeating: 0, count: type.bytesPerBlock * 2))
      let name = "blk.0.ffn_down.weight"
      #expect(throws: QuantError.unsupportedType(type: type, tensor: name)) {
        try bytes.matrix(type, rows: 2, columns: type.blockSize, name: name)
      }
    }
    for type in QuantTestData.supported {
      #expect(type.isSupported)
    }
  }

  @Test("the message says what and what to do")
  func message() {
    let error = QuantError.unsupportedType(type: .iq2_XS, tensor: "blk.0.ffn_down.weight")
    #expect(
      error.description
        == "tensor type IQ2_XS is not supported yet (tensor 'blk.0.ffn_down.weight'); "
        + "re-quantize the model to a K-quant such as Q4_K_M")
  }

  @Test("rows that are not whole blocks, and data of the wrong size, are refused")
  func badShapes() throws {
    let bytes = ByteBox([UInt8](repeating: 0, count: 144 * 4))
    #expect(throws: QuantError.badRowLength(tensor: "w", type: .q4_K, columns: 100)) {
      try bytes.matrix(.q4_K, rows: 1, columns: 100, name: "w")
    }
    #expect(throws: QuantError.badDataSize(tensor: "w", expected: 144 * 5, found: 144 * 4)) {
      try bytes.matrix(.q4_K, rows: 5, columns: 256, name: "w")
    }
    #expect(try bytes.matrix(.q4_K, rows: 4, columns: 256).rows == 4)
  }
}
