import Analysis
import Engine
import Foundation
import Registry
import Testing

/// Activation addition on both real models: scale 0 is the plain run token for token (and
/// probability for probability), and a direction added strongly changes what is written.
@Suite struct SteeringTests {
  @Test(arguments: [RegistryModel.smollm2, .gemma3])
  func scaleZeroIsThePlainRunAndAStrongDirectionIsNot(_ model: RegistryModel) throws {
    let loaded = try TestModels.shared(model)
    let tokenizer = loaded.tokenizer
    let encode = { (text: String) in tokenizer.encode(text, bos: nil) }
    let decode = { (ids: [Int]) in String(decoding: tokenizer.decode(ids), as: UTF8.self) }
    let layer = loaded.transformer.config.layerCount / 3
    func steer(_ scale: Double) throws -> Steering {
      try Steering(
        transformer: loaded.transformer, prompt: encode("I think that you are"),
        positive: encode("Love"), negative: encode("Hate"), layer: layer, scale: scale, count: 8,
        label: loaded.label, decode: decode)
    }
    let none = try steer(0)
    #expect(none.steered == none.plain)
    #expect(none.findings[0].contains("leaves all 8 written tokens as they were"))
    let strong = try steer(8)
    #expect(strong.plain == none.plain)
    #expect(strong.steered.tokens.map(\.id) != strong.plain.tokens.map(\.id))
    print("steering \(model.name): \(strong.findings)")
  }
}
