import Figures
import Testing

@Suite("Colour scales")
struct ColourScaleTests {
  @Test("scales start and end at their published colours")
  func endpoints() {
    #expect(ColourScale.viridis.colour(at: 0).hex == "#440154")
    #expect(ColourScale.viridis.colour(at: 1).hex == "#fde725")
    #expect(ColourScale.viridis.colour(at: 0.5).hex == "#21918c")
    #expect(ColourScale.cividis.colour(at: 0).hex == "#00224e")
    #expect(ColourScale.cividis.colour(at: 1).hex == "#fee838")
    #expect(ColourScale.diverging.colour(at: 0.5).hex == "#f7f7f7")
    #expect(ColourScale.viridis.colour(at: -3) == ColourScale.viridis.colour(at: 0))
    #expect(ColourScale.viridis.colour(at: .nan) == ColourScale.viridis.colour(at: 0))
  }

  @Test("sequential scales get lighter all the way; diverging is lightest in the middle")
  func luminanceOrder() {
    for scale in [ColourScale.viridis, .cividis] {
      var last = -1.0
      for step in 0...200 {
        let luminance = scale.colour(at: Double(step) / 200).luminance
        #expect(luminance >= last - 1e-3, "\(scale) at \(step)")
        last = luminance
      }
    }
    let middle = ColourScale.diverging.colour(at: 0.5).luminance
    for step in 0...200 where step != 100 {
      #expect(ColourScale.diverging.colour(at: Double(step) / 200).luminance < middle)
    }
  }

  @Test("cell text on every colour of every scale has WCAG contrast of at least 4.5")
  func textContrast() {
    for scale in ColourScale.allCases {
      for step in 0...1000 {
        let colour = scale.colour(at: Double(step) / 1000)
        #expect(colour.contrast(with: colour.textColour) >= 4.5, "\(scale) \(colour.hex)")
      }
    }
    #expect(ColourScale.viridis.colour(at: 0).textColour == .white)
    #expect(ColourScale.viridis.colour(at: 1).textColour == .black)
    #expect(abs(RGB.white.contrast(with: .black) - 21) < 1e-9)
  }

  @Test("a diverging mapping is centred at zero")
  func divergingCentre() {
    let mapping = ColourMapping(scale: .diverging, lower: -0.2, upper: 0.8)
    #expect(mapping.lower == -0.8)
    #expect(mapping.upper == 0.8)
    #expect(mapping.colour(of: 0).hex == "#f7f7f7")
    #expect(mapping.colour(of: 0.8).hex == "#67001f")
    #expect(mapping.colour(of: -0.8).hex == "#053061")
    let fitted = ColourMapping(scale: .viridis, fitting: [3, .nan, -1, 7, .infinity])
    #expect(fitted.lower == -1)
    #expect(fitted.upper == 7)
    #expect(fitted.bin(of: 7, bins: 64) == 63)
    #expect(fitted.bin(of: -1, bins: 64) == 0)
  }

  @Test("ticks are round numbers inside the domain")
  func ticks() {
    #expect(NiceTicks.linear(0, 1, count: 5) == [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1])
    #expect(NiceTicks.linear(-0.8, 0.8, count: 4) == [-0.5, 0, 0.5])
    #expect(NiceTicks.log10(1, 49152) == [1, 10, 100, 1000, 10000, 100000])
  }
}
