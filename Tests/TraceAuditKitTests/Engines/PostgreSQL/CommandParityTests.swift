import Foundation
import Testing
@testable import TraceAuditKit

/// Every command gives the same answers on PostgreSQL, over each column type and collation of the
/// matrix (citext, nondeterministic ICU collations, an enum, domains), as on SQLite (NOCASE,
/// RTRIM), because every statement that filters on status or trace compares bytewise (issue 20
/// item 8); and a job is dated by the later of updated_at and created_at, with clock skew counted
/// (item 4).
@Suite("Command parity across engines and column types", .enabled(if: TestServer.enabled), .serialized)
struct CommandParityTests {
    /// Midday of the day `daysAgo` days before today (UTC), as SQL text.
    static func day(_ daysAgo: Int, now: Instant) -> String {
        let day = UTCDay(number: now.day.number - Int64(daysAgo))
        return "\(day) 12:00:00+00"
    }

    /// A clean succeeded job each of the last ten days, and the rows a case-, accent- or
    /// space-insensitive comparison would misread: 'SUCCEEDED' and 'Succeeded' without a trace
    /// (not succeeded, bytewise), ' ' as a trace (a trace, bytewise).
    static func rows(now: Instant) -> [(id: Int, status: String, createdAt: String, trace: String?)] {
        (1...10).map { (100 + $0, "succeeded", day($0, now: now), "t\($0)") } + [
            (1, "SUCCEEDED", day(2, now: now), nil),
            (2, "Succeeded", day(3, now: now), ""),
            (3, "succeeded", day(4, now: now), " "),
        ]
    }

    static func insert(_ table: String, now: Instant) -> String {
        "INSERT INTO \(table) VALUES " + rows(now: now).map { row in
            "(\(row.id), 'a', '\(row.status)', '\(row.createdAt)', '\(row.createdAt)', \(TestServer.literal(row.trace)), 'c\(row.id)')"
        }.joined(separator: ", ")
    }

    /// The answers of every command that matter for the comparison: exit codes and the numbers.
    static func answers(_ db: String, log: String) throws -> [String] {
        var out: [String] = []
        let check = run(["check", "--db", db, "--format", "json"])
        let checkJSON = try check.json
        out.append("check \(check.code.rawValue) violations=\(checkJSON.int("violations.count") ?? -1)"
            + " has_trace=\(checkJSON.int("distribution.has_trace") ?? -1) missing=\(checkJSON.int("distribution.missing_trace") ?? -1)")
        let violations = run(["violations", "--db", db, "--format", "json"])
        out.append("violations \(violations.code.rawValue) \(try violations.json.int("violations.count") ?? -1)")
        let daily = run(["daily", "--db", db, "--days", "12", "--format", "csv"])
        out.append("daily \(daily.code.rawValue)\n\(daily.output)")
        let readiness = run(["readiness", "--db", db, "--format", "json"])
        let readinessJSON = try readiness.json
        out.append("readiness \(readiness.code.rawValue) ready=\(readinessJSON["ready"] as? Bool ?? false)"
            + " streak=\(readinessJSON.int("streak.days") ?? -1)")
        let logs = run(["logs", log, "--db", db, "--format", "json", "--since", "20d"])
        let crossCheck = try logs.json["cross_check"] as? [String: Any]
        let states = (crossCheck?["logged_jobs"] as? [String: Int] ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        out.append("logs \(logs.code.rawValue) \(states) unlogged=\(crossCheck.map { ($0 as [String: Any]).int("unlogged.count") ?? -1 } ?? -1)")
        return out
    }

    /// A log naming the 'SUCCEEDED' job 1, logged two days ago.
    static func log(now: Instant, in folder: URL) throws -> String {
        let line = #"{"time":"\#(UTCDay(number: now.day.number - 2))T12:00:00Z","msg":"POLICY_VIOLATION: Job succeeded without trace_id","jobId":"1"}"#
        return try LogsCommandTests.write(Array((line + "\n").utf8), "app.log", in: folder)
    }

    @Test func everyCommandAgreesOverTheTypeMatrix() throws {
        let now = Instant.now
        let folder = try LogsCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = try Self.log(now: now, in: folder)

        let snapshot = try SnapshotFile(schema: """
            CREATE TABLE executor_jobs (id INTEGER PRIMARY KEY, type TEXT, status TEXT COLLATE NOCASE, created_at TEXT,
              updated_at TEXT, trace_id TEXT COLLATE RTRIM, correlation_id TEXT)
            """)
        try snapshot.write { db in try SnapshotFile.exec(db, Self.insert("executor_jobs", now: now)) }
        let expected = try Self.answers(snapshot.path, log: log)
        #expect(expected.first?.hasPrefix("check 0 violations=0 has_trace=11 missing=0") == true, "\(expected)")
        #expect(expected.contains { $0.hasPrefix("readiness 0 ready=true") }, "\(expected)")
        #expect(expected.last?.contains("no_longer_succeeded=1") == true, "\(expected)")

        let pairs = CollationTests.statusTypes.map { ($0, "text") }
            + [("text", "citext"), ("text", "trace_text"), ("text", "text COLLATE case_insensitive"), ("text", "text COLLATE ignoring_spaces")]
        for (status, trace) in pairs {
            try CollationTests.withDatabase { database in
                try TestServer.execute([
                    CollationTests.createJobs(status: status, trace: trace), Self.insert("executor_jobs", now: now),
                ], database: database)
                let answers = try Self.answers(try TestServer.url(database: database), log: log)
                #expect(answers == expected, "status \(status), trace_id \(trace)")
            }
        }
    }

    /// A violation created an hour ago whose updated_at says 2026-01-01 (clock skew) is dated by
    /// its created_at: readiness is NOT READY and counts the skew, the logs cross-check finds it
    /// silent; on both engines.
    @Test func clockSkewDoesNotMoveAViolationOutOfTheWindow() throws {
        let now = Instant.now
        let created = Instant(microseconds: now.microseconds - 3_600_000_000)!
        let folder = try LogsCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let other = #"{"time":"\#(now)","msg":"POLICY_VIOLATION: Job succeeded without trace_id","jobId":"999"}"#
        // A record two hours back: the logs cover the violation's success, so it is unlogged (not "not covered").
        let earlier = #"{"time":"\#(Instant(microseconds: now.microseconds - 7_200_000_000)!)","msg":"job started","jobId":"998"}"#
        let log = try LogsCommandTests.write(Array((earlier + "\n" + other + "\n").utf8), "app.log", in: folder)
        let clean = (1...9).map { "(\(100 + $0), 'a', 'succeeded', '\(Self.day($0, now: now))', NULL, 't', 'c')" }
        let skewed = "(1, 'a', 'succeeded', '\(created.sqlTimestamp)+00', '2026-01-01 00:00:00+00', NULL, 'c1')"
        let snapshot = try SnapshotFile(schema: SnapshotFile.textSchema)
        try snapshot.write { db in try SnapshotFile.exec(db, "INSERT INTO executor_jobs VALUES " + (clean + [skewed]).joined(separator: ", ")) }
        try TestServer.withSchema { schema in
            try TestServer.execute([
                TestServer.createJobs("\(schema).executor_jobs"),
                "INSERT INTO \(schema).executor_jobs VALUES " + (clean + [skewed]).joined(separator: ", "),
            ])
            let url = try TestServer.requireURL()
            for db in [snapshot.path, url] {
                let table = db == url ? ["--table", "\(schema).executor_jobs"] : []
                let readiness = run(["readiness", "--db", db, "--format", "json"] + table)
                #expect(readiness.code == .violations, "\(db): \(readiness.errors)")
                let json = try readiness.json
                #expect(json["ready"] as? Bool == false, "\(db)")
                #expect(json.int("clock_skew") == 1, "\(db)")
                let human = run(["readiness", "--db", db] + table)
                #expect(human.output.contains("1 job has updated_at before created_at (clock skew)"), "\(human.output)")
                let logs = run(["logs", log, "--db", db, "--format", "json", "--since", "1d"] + table)
                #expect(try logs.json.value("cross_check.unlogged.count") as? Int == 1, "\(db): \(logs.errors)")
            }
        }
    }
}
