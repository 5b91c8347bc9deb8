import Foundation
import Testing
@testable import TraceAuditKit

/// An entry is dated by when it was logged (issue 20 item 5): the envelope's time, the record's
/// own, the platform export's field; never by the job's fields. An entry with no log time is
/// undated, shown as such, counts in every window and keeps readiness from READY.
@Suite("Log dating")
struct LogDatingTests {
    static let message = LogsCommandTests.message

    /// A line with no log time whose job was created in November stays in `--since 1d` (undated,
    /// counted in every window), and is listed and counted as undated.
    @Test func createdAtDoesNotDateAnEntry() throws {
        let line = "\(Self.message) { jobId: \"5\", createdAt: \"2026-11-01T10:00:00Z\", ts: \"2026-11-01T10:00:00Z\" }\n"
        let path = try LogShapesTests.write(line)
        let result = run(["logs", path, "--since", "1d", "--format", "json"])
        #expect(result.code == .violations, "\(result.errors)")
        let json = try result.json
        #expect(json.int("logged.count") == 1)
        let entry = try #require((json.value("logged.entries") as? [[String: Any]])?.first)
        #expect(entry["logged_at"] is NSNull)
        #expect(entry["created_at"] as? String == "2026-11-01T10:00:00Z")
        #expect((json.value("logged.by_day") as? [[String: Any]])?.first?["day"] is NSNull)
        let table = run(["logs", path]).output
        #expect(table.contains("undated"), "\(table)")
    }

    /// `kubectl logs --timestamps`: the kubelet's instant dates the line, not the JSON's `ts`.
    @Test func theEnvelopeDatesTheLine() throws {
        let now = Instant(unixSeconds: Int64(Date().timeIntervalSince1970))!
        let line = "\(now) {\"ts\":\"2026-11-01T10:00:00Z\",\"msg\":\"\(Self.message)\",\"jobId\":\"6\"}\n"
        let json = try run(["logs", try LogShapesTests.write(line), "--since", "1d", "--format", "json"]).json
        #expect(json.int("logged.count") == 1)
        #expect((json.value("logged.entries") as? [[String: Any]])?.first?["logged_at"] as? String == now.description)
        let docker = #"{"log":"{\"time\":\"2026-11-01T10:00:00Z\",\"msg\":\"\#(Self.message)\",\"jobId\":\"7\"}\n","stream":"stderr","time":"\#(now)"}"# + "\n"
        let fromDocker = try run(["logs", try LogShapesTests.write(docker), "--since", "1d", "--format", "json"]).json
        #expect((fromDocker.value("logged.entries") as? [[String: Any]])?.first?["logged_at"] as? String == now.description)
    }

    /// A time inside the job's object after the marker is the job's, on a text line and inside a
    /// JSON message alike.
    @Test func timesInTheJobsObjectAreTheJobs() throws {
        let text = "\(Self.message) {\"jobId\":\"8\",\"time\":\"2026-11-01T10:00:00Z\"}\n"
        let json = try run(["logs", try LogShapesTests.write(text), "--format", "json"]).json
        #expect((json.value("logged.entries") as? [[String: Any]])?.first?["logged_at"] is NSNull)
        let platform = #"{"event_message":"\#(Self.message) { jobId: \"9\", timestamp: \"2026-11-01T10:00:00Z\" }","timestamp":1770462123456000}"# + "\n"
        let fromPlatform = try run(["logs", try LogShapesTests.write(platform), "--format", "json"]).json
        #expect((fromPlatform.value("logged.entries") as? [[String: Any]])?.first?["logged_at"] as? String == "2026-02-07T11:02:03.456000Z")
    }

    /// An undated entry can never make READY, however clean the table.
    @Test func anUndatedEntryKeepsReadinessFromReady() throws {
        let file = try SnapshotFile(jobs: ReadinessTests.jobs(tracedDaysAgo: Array(1...10)))
        let log = try LogShapesTests.write("\(Self.message) { jobId: \"77\", createdAt: \"2026-01-01T00:00:00Z\" }\n")
        let (code, json) = try ReadinessTests.readiness(file, ["--logs", log])
        #expect(code == .violations)
        #expect(json["ready"] as? Bool == false)
    }

    /// Markers are found after JSON unescaping, in plain JSON lines as in the Docker envelope.
    @Test func escapedMarkerIsFound() throws {
        let lines = [
            #"{"time":"2026-02-05T10:00:00Z","msg":"POLICY\u005fVIOLATION: Job succeeded without trace_id","jobId":"9"}"#,
            #"{"time":"2026-02-05T10:00:01Z","event_message":"{\"msg\":\"\\u0050OLICY_VIOLATION: Job succeeded without trace_id\",\"jobId\":\"10\"}"}"#,
            #"{"time":"2026-02-05T10:00:02Z","msg":"caf\u00e9 opened"}"#,
        ].joined(separator: "\n") + "\n"
        let json = try run(["logs", try LogShapesTests.write(lines), "--format", "json"]).json
        #expect((json.value("logged.entries") as? [[String: Any]])?.map { $0["job_id"] as? String } == ["9", "10"])
        #expect(json.int("records") == 3)
    }
}
