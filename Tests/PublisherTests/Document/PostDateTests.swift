import Publisher
import Testing

@Suite struct PostDateTests {
  @Test func parsesCalendarDatesOnly() {
    #expect(PostDate("2024-02-29")?.description == "2024-02-29")
    #expect(PostDate("2023-02-29") == nil)
    #expect(PostDate("2100-02-29") == nil)
    #expect(PostDate("2000-02-29") != nil)
    #expect(PostDate("2024-04-31") == nil)
    #expect(PostDate("2024-13-01") == nil)
    #expect(PostDate("2024-5-01") == nil)
    #expect(PostDate("May 1, 2024") == nil)
  }

  @Test func formatsForReadersAndFeeds() throws {
    let date = try #require(PostDate("2024-05-01"))
    #expect(date.longForm == "1 May 2024")
    #expect(date.rfc3339 == "2024-05-01T00:00:00Z")
    #expect(try #require(PostDate("2024-12-31")) > date)
  }
}
