import Foundation
import Testing
@testable import TraceAuditKit

/// One reader of a record's time: the entry's `logged_at` and the span the logs cover agree, an
/// unreadable time is unreadable in both, and the cross-check searches only the span read.
@Suite("Log timestamps")
struct LogTimestampTests {
    static let message = LogsCommandTests.message

    @Test(arguments: [
        (#""time":1e12"#, "2001-09-09T01:46:40Z"),
        (#""time":1e20"#, nil),
        (#""time":-1"#, nil),
        (#""time":0"#, nil),
        (#""time":1770289200"#, "2026-02-05T11:00:00Z"),
        (#""time":1770289200.5"#, "2026-02-05T11:00:00.500000Z"),
        (#""time":1770289200123"#, "2026-02-05T11:00:00.123000Z"),
        (#""timestamp":1770289200123456"#, "2026-02-05T11:00:00.123456Z"),
        (#""ts":1770289200123456789"#, "2026-02-05T11:00:00.123456Z"),
        (#""time":"2026-02-05T11:00:00+01:00""#, "2026-02-05T10:00:00Z"),
        (#""time":"yesterday""#, nil),
        (#""time":null,"ts":1770289200"#, "2026-02-05T11:00:00Z"),
        (#""ts":1770289200,"time":"2026-02-05T12:00:00Z""#, "2026-02-05T12:00:00Z"),
        (#""note":"\"time\":1","metadata":{"time":"2026-02-05T13:00:00Z"}"#, "2026-02-05T13:00:00Z"),
        (#""context":{"ts":1},"metadata":[{"timestamp":"2026-02-05T14:00:00Z"}]"#, "2026-02-05T14:00:00Z"),
        (#""nested":{"time":"2026-02-05T15:00:00Z"}"#, nil),
    ] as [(String, String?)])
    func entryAndSpanReadTheSameTime(members: String, expected: String?) throws {
        for line in [#"{\#(members),"msg":"\#(Self.message)","jobId":"1"}"#, #"{"msg":"\#(Self.message)",\#(members)}"#] {
            var bytes = Array(line.utf8)
            let (sniffed, entry) = bytes.withUnsafeMutableBufferPointer { buffer in
                (LogTimestamp.sniff(UnsafeBufferPointer(buffer)), LoggedViolation.read(UnsafeBufferPointer(buffer), source: "t", line: 1))
            }
            #expect(sniffed?.description == expected, "\(line)")
            #expect(entry.loggedAt?.description == expected, "\(line)")
        }
    }

    @Test(arguments: [#"1e12"#, #"1e20"#, #"-1"#])
    func coveredSpanAgreesWithTheEntries(time: String) throws {
        let folder = try LogsCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = [
            #"{"time":"2026-02-10T00:00:00Z","msg":"started"}"#,
            #"{"time":\#(time),"msg":"\#(Self.message)","jobId":"1"}"#,
            #"{"time":"2026-02-10T05:00:00Z","msg":"heartbeat"}"#,
        ].joined(separator: "\n")
        let path = try LogsCommandTests.write(Array(log.utf8), "app.log", in: folder)
        let json = try run(["logs", path, "--format", "json"]).json
        let entry = try #require((json.value("logged.entries") as? [[String: Any]])?.first)
        let loggedAt = entry["logged_at"] as? String
        #expect(json.value("logs_cover.since") as? String == loggedAt ?? "2026-02-10T00:00:00Z")
        #expect(json.value("logs_cover.until") as? String == "2026-02-10T05:00:00Z")
    }

    /// A line whose time cannot be read must not stretch the span searched for unlogged violations
    /// back to 1970, where every older violation would look unlogged.
    @Test(arguments: [#"1e20"#, #"-1"#, #""2026-13-45""#])
    func unreadableTimeDoesNotWidenTheCrossCheck(time: String) throws {
        let folder = try LogsCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try SnapshotFile(jobs: [
            Job(id: 1, createdAt: "2026-02-09 10:00:00Z", traceId: nil),  // before the logs: not theirs to report
            Job(id: 2, createdAt: "2026-02-10 01:00:00Z", traceId: "t"),
        ])
        let log = [
            #"{"time":\#(time),"msg":"heartbeat"}"#,
            #"{"time":"2026-02-10T00:00:00Z","msg":"started"}"#,
            #"{"time":"2026-02-10T05:00:00Z","msg":"heartbeat"}"#,
        ].joined(separator: "\n")
        let path = try LogsCommandTests.write(Array(log.utf8), "app.log", in: folder)
        let result = run(["logs", path, "--db", file.path, "--format", "json"])
        #expect(result.code == .passed, "\(result.errors)")
        let json = try result.json
        #expect(json.int("cross_check.unlogged.count") == 0)
        #expect(json.value("cross_check.window.since") as? String == "2026-02-10T00:00:00Z")
    }
}
