import Foundation
import Testing
@testable import TraceAuditKit

/// A baseline entry acknowledges exactly one violation (issue 20 item 7): its id, and its type and
/// created_at when the baseline has them; ids the table holds more than once are reported; under a
/// window, entries outside it are not called fixed.
@Suite("Baseline entries")
struct BaselineEntryTests {
    typealias Job = SnapshotFile.Job

    /// Violations whose ids collide: text '1' twice (types a and b), and '2' once.
    static func snapshot() throws -> SnapshotFile {
        try SnapshotFile(schema: """
            CREATE TABLE executor_jobs (id TEXT, type TEXT, status TEXT, created_at, updated_at, trace_id TEXT, correlation_id TEXT)
            """, jobs: [
                Job(id: "1", createdAt: "2026-03-01 08:00:00+00", type: "a", traceId: nil),
                Job(id: "1", createdAt: "2026-03-02 08:00:00+00", type: "b", traceId: nil),
                Job(id: "2", createdAt: "2026-04-02 08:00:00+00", type: "a", traceId: nil),
            ])
    }

    @Test func aPlainIdAcknowledgesOneRowAndDuplicatesAreReported() throws {
        let file = try Self.snapshot()
        let folder = try ReportRunTests.Folder()
        let baseline = try BaselineTests.write("1\n2\n", in: folder)
        let result = run(["check", "--db", file.path, "--format", "json", "--baseline", baseline])
        #expect(result.code == .violations, "\(result.errors)")
        let json = try result.json
        #expect(json.int("baseline.acknowledged") == 2)
        #expect(json.int("baseline.new") == 1)
        #expect(json.value("baseline.duplicate_ids") as? [String] == ["1"])
        let rows = try #require(json.value("violations.rows") as? [[String: Any]])
        #expect(rows.filter { $0["acknowledged"] as? Bool == true }.count == 2)
        let human = run(["check", "--db", file.path, "--baseline", baseline])
        let words = human.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("1 id on more than one violation (each entry acknowledges one): 1"), "\(human.output)")
    }

    /// A JSON report's row acknowledges its own id, type and created_at only.
    @Test func aReportRowAcknowledgesItsTypeAndCreatedAt() throws {
        let file = try Self.snapshot()
        let folder = try ReportRunTests.Folder()
        let report = """
            {"violations": {"count": 2, "truncated": false, "rows": [
              {"id": "1", "type": "a", "created_at": "2026-03-01T08:00:00Z"},
              {"id": "2", "type": "a", "created_at": "2026-01-01T00:00:00Z"}
            ]}}
            """
        let baseline = try BaselineTests.write(report, in: folder, "baseline.json")
        let json = try run(["check", "--db", file.path, "--format", "json", "--baseline", baseline]).json
        #expect(json.int("baseline.acknowledged") == 1)
        #expect(json.int("baseline.new") == 2)
        #expect(json.value("baseline.stale") as? [String] == ["2"])
        let rows = try #require(json.value("violations.rows") as? [[String: Any]])
        #expect(rows.filter { $0["acknowledged"] as? Bool == true }.map { $0["type"] as? String } == ["a"])
    }

    /// Under --since, an entry created before the window is outside it, not "no longer a violation".
    @Test func entriesOutsideTheWindowAreNotStale() throws {
        let file = try Self.snapshot()
        let folder = try ReportRunTests.Folder()
        let made = run(["violations", "--all", "--db", file.path, "--format", "json"])
        let baseline = try BaselineTests.write(made.output, in: folder, "baseline.json")
        let result = run(["check", "--db", file.path, "--format", "json", "--baseline", baseline, "--since", "2026-04-01"])
        #expect(result.code == .passed, "\(result.errors)")
        let json = try result.json
        #expect(json.int("baseline.acknowledged") == 1)
        #expect(json.value("baseline.stale") as? [String] == [])
        #expect(json.value("baseline.outside_window") as? [String] == ["1", "1"])
        let human = run(["check", "--db", file.path, "--baseline", baseline, "--since", "2026-04-01"])
        #expect(human.output.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("2 outside the window (not checked)"), "\(human.output)")
        #expect(!human.output.contains("stale"), "\(human.output)")
    }

    /// Memory grows with the entries: the parser visits rows one by one and keeps one String per
    /// distinct type.
    @Test func aReportIsReadRowByRow() throws {
        let rows = (0..<2000).map { #"{"id": "\#($0)", "type": "send_email", "created_at": "2026-03-01T08:00:00Z", "trace_id": null, "extra": {"nested": [1, "x\"y", {"z": true}]}}"# }
        let text = #"{"tool": {"name": "traceaudit"}, "violations": {"count": 2000, "truncated": false, "rows": ["# + rows.joined(separator: ",\n") + "]}}"
        let baseline = try Baseline.parse(text, shown: "b.json")
        #expect(baseline.entries.count == 2000)
        #expect(baseline.entries.last == Baseline.Entry(id: "1999", type: "send_email", createdAt: Instant(parsing: "2026-03-01T08:00:00Z")))
        #expect(throws: TraceAuditError.self) { try Baseline.parse(#"{"violations": {"rows": [{"id": "1"}"#, shown: "b.json") }
        #expect(throws: TraceAuditError.self) { try Baseline.parse(#"{"violations": {}}"#, shown: "b.json") }
    }
}
