import Foundation
import Publisher
import Testing

/// Progress lines for long analyses: the estimate is the time per step so far times the steps
/// left, and the work's first and last steps say nothing.
@Suite struct WorkProgressTests {
  final class Lines: @unchecked Sendable {
    var all: [String] = []
  }

  @Test func estimatesTheTimeLeftFromTheStepsDone() {
    let lines = Lines()
    var progress = WorkProgress("test: steps", log: { lines.all.append($0) }, every: .zero)
    Thread.sleep(forTimeInterval: 0.2)
    progress.tell(done: 1, of: 11)
    progress.tell(done: 11, of: 11)
    #expect(lines.all.count == 1)
    // 0.2 s per step, 10 steps left: about 2 s (a loaded machine only makes it longer).
    let line = lines.all.first ?? ""
    #expect(line.hasPrefix("test: steps: 1 of 11 done, about "), "\(line)")
    let seconds = Int(line.split(separator: " ").dropLast(2).last ?? "") ?? 0
    #expect((2...30).contains(seconds), "\(line)")
  }

  @Test func quickWorkSaysNothing() {
    let lines = Lines()
    var progress = WorkProgress("test: steps", log: { lines.all.append($0) })
    for done in 1...10 { progress.tell(done: done, of: 10) }
    #expect(lines.all.isEmpty)
  }

  @Test func writesDurationsAsAPersonWould() {
    #expect(WorkProgress.text(.seconds(40)) == "40 s")
    #expect(WorkProgress.text(.seconds(89)) == "89 s")
    #expect(WorkProgress.text(.seconds(200)) == "3 min")
    #expect(WorkProgress.text(.seconds(3 * 3600 + 5 * 60)) == "3 h 5 min")
  }
}
