import Foundation
import Testing
@testable import TraceAuditKit

/// A SQLite INTEGER created_at is Unix seconds (README); a millisecond epoch read so lies after
/// year 9999 and is unreadable: counted and shown as undated in a windowed run too, which read
/// only the window's ranges and dropped it ("0 undated", PASS; issue 20).
@Suite("SQLite millisecond epochs")
struct MillisecondEpochTests {
    @Test(arguments: [["--since", "2026-02-01", "--until", "2026-03-01"], ["--day", "2026-02-25"], []])
    func millisecondEpochsAreUndatedNotDropped(window: [String]) throws {
        let file = try SnapshotFile(jobs: [
            SnapshotFile.Job(id: 1, createdAt: .integer(1_772_000_000_000), traceId: nil),
            SnapshotFile.Job(id: 2, createdAt: .integer(-62_135_596_801_000), traceId: nil),
            SnapshotFile.Job(id: 3, createdAt: .integer(1_772_000_000), traceId: "t"),
        ])
        for command in ["check", "violations"] {
            let result = run([command, "--db", file.path, "--format", "json"] + window)
            let json = try result.json
            #expect(json.int("undated.missing_trace") == 2, "\(command) \(window)")
            #expect(json.value("undated.ids") as? [String] == ["2", "1"], "\(command) \(window)")
            let human = run([command, "--db", file.path] + window)
            #expect(human.output.contains("2 undated without trace"), "\(human.output)")
        }
    }
}
