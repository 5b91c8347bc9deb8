import Foundation
import Testing
@testable import TraceAuditKit

/// Audits on a hot standby streaming from the throwaway primary (issue 12 item 3).
@Suite("PostgreSQL hot standby", .enabled(if: TestServer.enabled), .serialized, .timeLimit(.minutes(5)))
struct StandbyTests {
    /// After replay, every command's JSON on the standby equals the primary's apart from `source`,
    /// which says how fresh the standby's data is; the table output and doctor say so too.
    @Test func standbyAuditsEqualThePrimarys() throws {
        let standby = try TestStandby.start()
        defer { standby.stop() }
        let jobs = ParityData.jobs(count: 600)
        try TestServer.withSchema { schema in
            let table = "\(schema).executor_jobs"
            try TestServer.execute([TestServer.createJobs(table)] + ParityData.inserts(jobs, table: table))
            try standby.waitForReplay()
            let primary = try TestServer.requireURL()
            for arguments in [["check"], ["violations", "--all"], ["daily", "--days", "5", "--until", "2026-02-10"], ["legacy"]] {
                let onPrimary = run(["--db", primary, "--table", table, "--format", "json"] + arguments)
                let onStandby = run(["--db", standby.url, "--table", table, "--format", "json"] + arguments)
                var fromPrimary = try onPrimary.json
                var fromStandby = try onStandby.json
                // Undated jobs decide only a whole-table verdict (daily --days reads a window).
                let fails = (fromPrimary.int("violations.count") ?? 0) > 0
                    || (arguments.first != "daily" && (fromPrimary.int("undated.missing_trace") ?? 0) > 0)
                #expect(onStandby.code == (fails ? .violations : .passed), "\(arguments) \(onStandby.errors)")
                #expect(onPrimary.code == onStandby.code)
                #expect(fromPrimary.value("source.standby") is NSNull)
                #expect(fromStandby.value("source.standby.last_replayed_at") is String, "\(String(describing: fromStandby["source"]))")
                #expect((fromStandby.value("source.standby.lag_seconds") as? Double).map { $0 >= 0 && $0 < 600 } == true)
                fromPrimary["source"] = nil
                fromStandby["source"] = nil
                fromPrimary["generated_at"] = nil
                fromStandby["generated_at"] = nil
                #expect(try canonical(fromPrimary) == canonical(fromStandby), "\(arguments)")
            }
            let text = run(["--db", standby.url, "--table", table])
            #expect(text.output.contains("standby: data as of 20"), "\(text.output)")
            #expect(!run(["--db", primary, "--table", "\(schema).executor_jobs"]).output.contains("standby"))

            let doctor = run(["doctor", "--db", standby.url, "--table", "\(schema).executor_jobs"])
            #expect(doctor.code == .passed, "\(doctor.errors)")
            #expect(doctor.output.contains("this server is a hot standby; standby: data as of"), "\(doctor.output)")
            let doctorJSON = try run(["doctor", "--db", standby.url, "--table", "\(schema).executor_jobs", "--format", "json"]).json
            #expect(doctorJSON.value("source.standby.lag_seconds") is Double)

            let readiness = try run(["readiness", "--db", standby.url, "--table", "\(schema).executor_jobs", "--format", "json"]).json
            #expect(readiness.value("source.standby.last_replayed_at") is String)
        }
    }

    /// A query that replay must cancel (the primary vacuums rows the audit's snapshot still needs,
    /// with max_standby_streaming_delay 0 and no feedback) ends with exit 3 and one line naming the
    /// recovery conflict and the settings that prevent it.
    @Test func recoveryConflictFailsToCheck() throws {
        let standby = try TestStandby.start(["max_standby_streaming_delay=0", "hot_standby_feedback=off"])
        defer { standby.stop() }
        try TestServer.withSchema { schema in
            let base = "\(schema).jobs_base"
            try TestServer.execute([
                TestServer.createJobs(base) + " WITH (autovacuum_enabled = off)",
                "INSERT INTO \(base) SELECT i, 'a', 'succeeded', '2026-03-01', NULL, NULL, NULL FROM generate_series(1, 400) AS i",
                // Each row read costs a few milliseconds, so that the audit is still reading when replay conflicts.
                """
                CREATE FUNCTION \(schema).slowly(x bigint) RETURNS bigint LANGUAGE plpgsql VOLATILE AS
                $$ BEGIN PERFORM pg_sleep(0.02); RETURN x; END $$
                """,
                "CREATE VIEW \(schema).executor_jobs AS SELECT \(schema).slowly(id) AS id, type, status, created_at, updated_at, trace_id, correlation_id FROM \(base)",
            ])
            try standby.waitForReplay()
            let result = Locked<RunResult?>(nil)
            let arguments = ["--db", standby.url, "--table", "\(schema).executor_jobs", "--timeout", "60"]
            let audit = Thread {
                result.set(run(arguments))
            }
            audit.start()
            // Wait until the audit is reading on the standby, then remove rows its snapshot sees.
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                let active = try standby.cluster.value(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'traceaudit' AND state = 'active'")
                if active != "0" { break }
                Thread.sleep(forTimeInterval: 0.05)
            }
            try TestServer.execute(["DELETE FROM \(base) WHERE id > 200", "VACUUM \(base)"])
            while result.get() == nil { Thread.sleep(forTimeInterval: 0.05) }
            let outcome = try #require(result.get())
            #expect(outcome.code == .cannotCheck, "\(outcome.output) \(outcome.errors)")
            #expect(outcome.errors.contains("recovery"), "\(outcome.errors)")
            #expect(outcome.errors.contains("hot_standby_feedback"), "\(outcome.errors)")
            #expect(outcome.errors.contains("max_standby_streaming_delay"), "\(outcome.errors)")
            #expect(outcome.errors.split(separator: "\n").count == 1)
        }
    }

    private func canonical(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
}

/// A value shared between a test and a thread it starts.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func get() -> Value { lock.withLock { value } }
    func set(_ newValue: Value) { lock.withLock { value = newValue } }
}
