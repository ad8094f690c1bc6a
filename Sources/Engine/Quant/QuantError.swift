/// What can be wrong when lenscribe reads a tensor's numbers: each case names the tensor.
///
/// Messages are written for a person: what is wrong and what to do about it.
public enum QuantError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A tensor stored in a format lenscribe cannot decode (IQ*, TQ*, MXFP4, Q8_1, Q8_K, I*,
  /// F64).
  case unsupportedType(type: TensorType, tensor: String)
  /// A tensor whose rows are not a whole number of its format's blocks.
  case badRowLength(tensor: String, type: TensorType, columns: Int)
  /// A tensor whose data does not have the size its shape and type call for.
  case badDataSize(tensor: String, expected: Int, found: Int)

  public var description: String {
    switch self {
    case .unsupportedType(let type, let tensor):
      "tensor type \(type.name) is not supported yet (tensor '\(tensor)'); re-quantize the "
        + "model to a K-quant such as Q4_K_M"
    case .badRowLength(let tensor, let type, let columns):
      "tensor '\(tensor)' has rows of \(columns) values, not a multiple of \(type.name)'s "
        + "block of \(type.blockSize) (the model file is corrupt)"
    case .badDataSize(let tensor, let expected, let found):
      "tensor '\(tensor)' holds \(found) bytes of data but its shape and type need "
        + "\(expected) (the model file is corrupt; download it again)"
    }
  }
}
