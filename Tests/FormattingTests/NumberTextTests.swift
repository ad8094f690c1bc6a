import Formatting
import Testing

/// The one number formatter: each form's precision, and never a negative zero.
@Suite struct NumberTextTests {
  @Test func fixedKeepsItsDecimalsWithoutANegativeZero() {
    #expect(NumberText.fixed(0.12345) == "0.123")
    #expect(NumberText.fixed(-0.12345) == "-0.123")
    #expect(NumberText.fixed(-0.0004) == "0.000")
    #expect(NumberText.fixed(-0.0) == "0.000")
    #expect(NumberText.fixed(-0.04, 1) == "0.0")
    #expect(NumberText.fixed(-0.06, 1) == "-0.1")
    #expect(NumberText.fixed(1) == "1.000")
    #expect(NumberText.fixed(0.4, 0) == "0")
    #expect(NumberText.fixed(-0.4, 0) == "0")
  }

  @Test func percentIsAFractionTimesAHundred() {
    #expect(NumberText.percent(0.4567) == "45.7%")
    #expect(NumberText.percent(1) == "100.0%")
    #expect(NumberText.percent(-0.0001) == "0.0%")
    #expect(NumberText.percent(0.125, 2) == "12.50%")
  }

  @Test func significantKeepsThreeDigits() {
    #expect(NumberText.significant(0) == "0")
    #expect(NumberText.significant(0.123456) == "0.123")
    #expect(NumberText.significant(12.3456) == "12.3")
    #expect(NumberText.significant(123.456) == "123")
    #expect(NumberText.significant(-0.0012345) == "-0.00123")
    #expect(NumberText.significant(1.23456e-5) == "1.23e-05")
    #expect(NumberText.significant(2.5e7) == "2.50e+07")
  }

  @Test func trimmedDropsTrailingZerosAndNeverWritesMinusZero() {
    #expect(NumberText.trimmed(0) == "0")
    #expect(NumberText.trimmed(-0.0) == "0")
    #expect(NumberText.trimmed(-0.004) == "0")
    #expect(NumberText.trimmed(-0.005) == "-0.01")
    #expect(NumberText.trimmed(2) == "2")
    #expect(NumberText.trimmed(1.5) == "1.5")
    #expect(NumberText.trimmed(0.125) == "0.13")
    #expect(NumberText.trimmed(-3.25) == "-3.25")
    #expect(NumberText.trimmed(0.05, digits: 1) == "0.1")
    #expect(NumberText.trimmed(0.0001234, digits: 6) == "0.000123")
    #expect(NumberText.trimmed(1234.5678, digits: 0) == "1235")
    #expect(NumberText.trimmed(-1234.5, digits: 3) == "-1234.5")
    #expect(NumberText.trimmed(.nan) == "0")
    #expect(NumberText.trimmed(.infinity) == "0")
  }

  @Test func trimmedReadsBackWithinHalfAUnitOfTheLastDigit() {
    var value = -50.0
    while value < 50 {
      let text = NumberText.trimmed(value, digits: 3)
      #expect(text != "-0" && (!text.hasPrefix("-0") || text.hasPrefix("-0.")))
      #expect(abs(Double(text)! - value) <= 0.0005 + 1e-12, "\(value) -> \(text)")
      value += 0.0137
    }
  }
}
