extension TensorType {
  /// Whether lenscribe can decode tensors of this type (and multiply with them).
  public var isSupported: Bool { blockFormat != nil }

  /// Whether `QuantizedMatrix.multiply` multiplies this type in integers, with each token's
  /// activations rounded to 16 bits (`IntegerActivations`) rather than in floats.
  public var multipliesInIntegers: Bool { blockFormat is any SymmetricBlockFormat.Type }

  /// Byte offsets, inside one block, of the IEEE half-precision scale fields of a quantized
  /// type (empty for the float types and unsupported types). Tools that make synthetic blocks
  /// use it to keep scales finite.
  public var halfFieldOffsets: [Int] {
    switch self {
    case .q4_0, .q5_0, .q8_0, .iq4_NL, .iq4_XS: [0]
    case .q4_1, .q5_1, .q4_K, .q5_K: [0, 2]
    case .q2_K: [80, 82]
    case .q3_K: [108]
    case .q6_K: [208]
    default: []
    }
  }

  /// The decoder of this type, or nil for types lenscribe does not read yet.
  var blockFormat: (any BlockFormat.Type)? {
    switch self {
    case .f32: BlockF32.self
    case .f16: BlockF16.self
    case .bf16: BlockBF16.self
    case .q4_0: BlockQ4_0.self
    case .q4_1: BlockQ4_1.self
    case .q5_0: BlockQ5_0.self
    case .q5_1: BlockQ5_1.self
    case .q8_0: BlockQ8_0.self
    case .q2_K: BlockQ2_K.self
    case .q3_K: BlockQ3_K.self
    case .q4_K: BlockQ4_K.self
    case .q5_K: BlockQ5_K.self
    case .q6_K: BlockQ6_K.self
    case .iq4_NL: BlockIQ4_NL.self
    case .iq4_XS: BlockIQ4_XS.self
    case .q8_1, .q8_K, .iq2_XXS, .iq2_XS, .iq3_XXS, .iq1_S, .iq3_S, .iq2_S, .i8, .i16, .i32,
      .i64, .f64, .iq1_M, .tq1_0, .tq2_0, .mxfp4:
      nil
    }
  }
}
