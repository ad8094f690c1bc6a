import Figures
import Testing

@Suite("SVG numbers")
struct SVGNumberTests {
  @Test("fixed precision, trailing zeros dropped, never -0")
  func formats() {
    #expect(SVGNumber.format(0) == "0")
    #expect(SVGNumber.format(-0.0) == "0")
    #expect(SVGNumber.format(-0.004) == "0")
    #expect(SVGNumber.format(-0.005) == "-0.01")
    #expect(SVGNumber.format(2) == "2")
    #expect(SVGNumber.format(1.5) == "1.5")
    #expect(SVGNumber.format(0.125) == "0.13")
    #expect(SVGNumber.format(-3.25) == "-3.25")
    #expect(SVGNumber.format(0.05, digits: 1) == "0.1")
    #expect(SVGNumber.format(0.0001234, digits: 6) == "0.000123")
    #expect(SVGNumber.format(1234.5678, digits: 0) == "1235")
    #expect(SVGNumber.format(-1234.5, digits: 3) == "-1234.5")
    #expect(SVGNumber.format(.nan) == "0")
    #expect(SVGNumber.format(.infinity) == "0")
  }

  @Test("every value in a sweep reads back within half a unit of the last digit")
  func roundTrips() {
    var value = -50.0
    while value < 50 {
      let text = SVGNumber.format(value, digits: 3)
      #expect(!text.hasPrefix("-0") || text.hasPrefix("-0."))
      #expect(text != "-0")
      #expect(abs(Double(text)! - value) <= 0.0005 + 1e-12, "\(value) -> \(text)")
      value += 0.0137
    }
  }
}
