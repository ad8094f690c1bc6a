import Testing

@testable import Publisher

/// Table numbers: fixed decimals, never a negative zero.
@Suite struct TableNumberTests {
  @Test func roundsToFixedDecimalsWithoutANegativeZero() {
    #expect(TableNumber.fixed(0.12345) == "0.123")
    #expect(TableNumber.fixed(-0.12345) == "-0.123")
    #expect(TableNumber.fixed(-0.0004) == "0.000")
    #expect(TableNumber.fixed(-0.0) == "0.000")
    #expect(TableNumber.fixed(-0.04, 1) == "0.0")
    #expect(TableNumber.fixed(-0.06, 1) == "-0.1")
    #expect(TableNumber.fixed(1) == "1.000")
  }
}
