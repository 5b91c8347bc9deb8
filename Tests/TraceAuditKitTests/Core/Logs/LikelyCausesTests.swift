import Foundation
import Testing
@testable import TraceAuditKit

/// The policy's troubleshooting step: an earlier record of the same job that shows a known cause.
@Suite("Likely causes")
struct LikelyCausesTests {
    static let message = LogsCommandTests.message

    @Test func eachEntryNamesTheCauseAnEarlierRecordOfItsJobShows() throws {
        let log = [
            #"{"level":"warn","time":"2026-02-05T10:00:00Z","msg":"ownership_lost_before_trace_id_update","jobId":"1","workerId":"w-7"}"#,
            #"2026-02-05T10:00:01Z ERROR trace_id update failed: deadlock detected correlationId=c2"#,
            #"Ownership guard failed { jobId: "3", expected: "w-1", actual: "w-2" }"#,
            #"{"level":"info","time":"2026-02-05T10:00:02Z","msg":"ownership_lost_before_trace_id_update","jobId":"99"}"#,
            #"{"level":"warn","time":"2026-02-05T10:00:03Z","msg":"\#(Self.message)","jobId":"1"}"#,
            #"{"level":"warn","time":"2026-02-05T10:00:04Z","msg":"\#(Self.message)","jobId":"2","correlationId":"c2"}"#,
            #"\#(Self.message) { jobId: "3" }"#,
            #"{"level":"warn","time":"2026-02-05T10:00:05Z","msg":"\#(Self.message)","jobId":"4"}"#,
            #"{"level":"info","time":"2026-02-05T10:00:06Z","msg":"trace_id set","jobId":"5"}"#,
            #"{"level":"warn","time":"2026-02-05T10:00:07Z","msg":"\#(Self.message)","jobId":"5"}"#,
        ].joined(separator: "\n")
        let path = try LogShapesTests.write(log)
        let (_, entries) = try LogShapesTests.entries([path])
        #expect(entries.map { $0["job_id"] as? String } == ["1", "2", "3", "4", "5"])
        #expect(entries.map { $0["likely_cause"] as? String } == [
            "ownership_lost_before_trace_id_update", "trace_id_update_failed", "ownership_guard_failure", nil, nil,
        ])
        #expect(entries.map { $0["likely_cause_at"] as? String } == ["\(path):1", "\(path):2", "\(path):3", nil, nil])
        // Wide enough that the cause is not shortened (at 80 columns it is, to fit).
        let table = run(["logs", path], environment: ["COLUMNS": "200"]).output
        #expect(table.contains("LIKELY CAUSE"))
        #expect(table.contains("ownership_lost_before_trace_id_update ("))
    }

    /// Only the look-back is remembered: a cause older than it, or pushed out by newer ones, is not
    /// reported.
    @Test func theLookBackIsBounded() {
        var causes = LikelyCauses(lookBack: 10, capacity: 2)
        func note(_ text: String, _ number: Int) {
            var bytes = Array(text.utf8)
            _ = bytes.withUnsafeMutableBufferPointer { causes.note(UnsafeBufferPointer($0), at: .init(input: "t", line: number), number: number) }
        }
        func entry(_ id: String) -> LoggedViolation {
            var entry = LoggedViolation(source: "t", line: 0)
            entry.jobId = id
            return entry
        }
        note(#"{"msg":"ownership_lost_before_trace_id_update","jobId":"a"}"#, 1)
        #expect(causes.cause(for: entry("a"), number: 11)?.place == "t:1")
        #expect(causes.cause(for: entry("a"), number: 12) == nil)
        note(#"{"msg":"ownership_lost_before_trace_id_update","jobId":"b"}"#, 20)
        note(#"{"msg":"ownership_lost_before_trace_id_update","jobId":"c"}"#, 21)
        note(#"{"msg":"ownership_lost_before_trace_id_update","jobId":"d"}"#, 22)
        #expect(causes.cause(for: entry("b"), number: 23) == nil)
        #expect(causes.cause(for: entry("c"), number: 23)?.place == "t:21")
        #expect(causes.cause(for: entry("d"), number: 23)?.place == "t:22")
    }
}
