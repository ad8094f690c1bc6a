import Foundation
import Testing

/// `lenscribe lens fit` on bad input: one line, non-zero, nothing fitted.
@Suite struct LensCommandTests {
  @Test(arguments: [
    (["--tokens", "5"], "--tokens is 5, but it must be in 1024...16777216"),
    (["--window", "9000"], "--window is 9000, but it must be in 16...4096"),
    (["--ridge", "0"], "--ridge is 0.0, but it must be above 0 and at most 1"),
    (["--corpus", "/dev/null"], "cannot read the corpus /dev/null: not a regular file"),
    (["--corpus", "/nonexistent/text.txt"], "cannot read the corpus /nonexistent/text.txt"),
    (["--evaluate=-1"], "--evaluate must be 0 or more"),
    (["--bogus"], "Unknown option '--bogus'"),
  ])
  func badInputIsAOneLineError(_ arguments: [String], _ message: String) throws {
    let run = try CommandLineRun.run(["lens", "fit"] + arguments, limit: 120)
    #expect(run.status != 0)
    #expect(run.stderr.contains(message), "\(run.stderr)")
    #expect(!run.stderr.contains("Fatal error"))
  }

  @Test func helpNamesTheDefaultTextAndTheCache() throws {
    let run = try CommandLineRun.run(["lens", "fit", "--help"])
    #expect(run.status == 0)
    #expect(run.stdout.contains("r-cran-janeaustenr"))
    #expect(run.stdout.contains("$XDG_CACHE_HOME/lenscribe/lenses"))
  }
}
