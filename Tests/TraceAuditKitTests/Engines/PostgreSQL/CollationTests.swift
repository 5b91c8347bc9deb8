import Foundation
import Testing
@testable import TraceAuditKit

/// Status and trace are compared bytewise whatever the columns' collation or type: a
/// case-insensitive collation or citext must not count 'SUCCEEDED', an accent- or
/// space-insensitive one must not make ' ' a missing trace.
@Suite("PostgreSQL collations and column types", .enabled(if: TestServer.enabled), .serialized, .timeLimit(.minutes(5)))
struct CollationTests {
    /// A database of the test's own with citext, an enum, domains and nondeterministic ICU
    /// collations (case-insensitive; and one that also ignores spaces and punctuation).
    static func withDatabase<T>(_ body: (String) throws -> T) throws -> T {
        let database = "coll_" + UUID().uuidString.prefix(8).lowercased()
        try TestServer.execute(["CREATE DATABASE \(database)"])
        defer { try? TestServer.execute(["DROP DATABASE \(database) WITH (FORCE)"]) }
        try TestServer.execute([
            "CREATE EXTENSION citext",
            "CREATE COLLATION case_insensitive (provider = icu, locale = 'und-u-ks-level2', deterministic = false)",
            "CREATE COLLATION ignoring_spaces (provider = icu, locale = 'und-u-ka-shifted-ks-level1', deterministic = false)",
            "CREATE TYPE job_status AS ENUM ('running', 'failed', 'succeeded', 'SUCCEEDED', 'Succeeded', 'succeeded ')",
            "CREATE DOMAIN status_text AS text",
            "CREATE DOMAIN trace_text AS varchar(64)",
        ], database: database)
        return try body(database)
    }

    /// The column types a test picks from, for status and for trace_id.
    static let statusTypes = [
        "text", "varchar(32)", "citext", "status_text", "job_status", "text COLLATE case_insensitive",
        "text COLLATE ignoring_spaces",
    ]
    static let traceTypes = ["text", "varchar(64)", "citext", "trace_text", "text COLLATE case_insensitive", "text COLLATE ignoring_spaces"]

    static func createJobs(status: String, trace: String) -> String {
        """
        CREATE TABLE executor_jobs (id bigint PRIMARY KEY, type text, status \(status), created_at timestamptz,
          updated_at timestamptz, trace_id \(trace), correlation_id text)
        """
    }

    /// 'succeeded' without a trace and with ' ' and 'x'; 'SUCCEEDED' and 'Succeeded' without a trace:
    /// one violation, two traced, whatever the types.
    @Test(arguments: statusTypes)
    func onlySucceededBytewiseCounts(statusType: String) throws {
        for traceType in Self.traceTypes {
            try Self.withDatabase { database in
                try TestServer.execute([
                    Self.createJobs(status: statusType, trace: traceType),
                    """
                    INSERT INTO executor_jobs VALUES
                      (1, 'a', 'succeeded', '2026-02-10 00:00:00+00', NULL, NULL, 'c1'),
                      (2, 'a', 'SUCCEEDED', '2026-02-10 00:00:00+00', NULL, NULL, 'c2'),
                      (3, 'a', 'Succeeded', '2026-02-10 00:00:00+00', NULL, '', 'c3'),
                      (4, 'a', 'succeeded', '2026-02-11 00:00:00+00', NULL, ' ', 'c4'),
                      (5, 'a', 'succeeded', '2026-02-12 00:00:00+00', NULL, 'x', 'c5')
                    """,
                ], database: database)
                let url = try TestServer.url(database: database)
                let check = run(["--db", url, "--format", "json"])
                #expect(check.code == .violations, "\(statusType) / \(traceType): \(check.errors)")
                let json = try check.json
                #expect(json.int("violations.count") == 1, "\(statusType) / \(traceType)")
                #expect(json.int("distribution.has_trace") == 2, "\(statusType) / \(traceType)")
                let rows = try #require(json.value("violations.rows") as? [[String: Any]])
                #expect(rows.map { $0["id"] as? String } == ["1"], "\(statusType) / \(traceType)")
                let violations = try run(["violations", "--db", url, "--format", "json"]).json
                #expect(violations.int("violations.count") == 1, "\(statusType) / \(traceType)")
            }
        }
    }

    /// uuid traces, and ids compared bytewise in the log cross-check ('JOB-1' is not 'job-1').
    @Test func uuidTracesAndCaseInsensitiveIds() throws {
        try Self.withDatabase { database in
            try TestServer.execute([
                """
                CREATE TABLE executor_jobs (id text COLLATE case_insensitive PRIMARY KEY, type text, status citext,
                  created_at timestamptz, updated_at timestamptz, trace_id uuid, correlation_id text)
                """,
                """
                INSERT INTO executor_jobs VALUES
                  ('job-1', 'a', 'succeeded', '2026-02-10 00:00:00+00', NULL, NULL, 'c1'),
                  ('job-2', 'a', 'SUCCEEDED', '2026-02-10 00:00:00+00', NULL, NULL, 'c2'),
                  ('job-3', 'a', 'succeeded', '2026-02-10 00:00:00+00', NULL, '4bf92f35-77b3-4da6-a3ce-929d0e0e4736', 'c3')
                """,
            ], database: database)
            let url = try TestServer.url(database: database)
            let json = try run(["--db", url, "--format", "json"]).json
            #expect(json.int("violations.count") == 1)
            #expect(json.int("distribution.has_trace") == 1)
            let folder = try LogsCommandTests.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let line = #"{"time":"2026-02-10T00:00:00Z","msg":"POLICY_VIOLATION: Job succeeded without trace_id","jobId":"JOB-1"}"#
            let log = try LogsCommandTests.write(Array((line + "\n").utf8), "app.log", in: folder)
            let logs = run(["logs", log, "--db", url, "--format", "json", "--since", "2026-02-09", "--until", "2026-02-11"])
            let states = try logs.json.value("cross_check.logged_jobs") as? [String: Any]
            #expect(states?["not_found"] as? Int == 1, "\(logs.output) \(logs.errors)")
        }
    }

    /// The bytewise comparison leaves an index on created_at serving --since.
    @Test func createdAtIndexStillServesSince() throws {
        try Self.withDatabase { database in
            try TestServer.execute([
                Self.createJobs(status: "text COLLATE case_insensitive", trace: "citext"),
                """
                INSERT INTO executor_jobs
                SELECT g, 'a', CASE WHEN g % 5 = 0 THEN 'failed' ELSE 'succeeded' END,
                       now() - g * interval '1 minute', NULL, CASE WHEN g % 7 = 0 THEN NULL ELSE 'x' END, 'c'
                FROM generate_series(1, 60000) AS g
                """,
                "CREATE INDEX executor_jobs_created_at ON executor_jobs (created_at)",
                "ANALYZE executor_jobs",
            ], database: database)
            let doctor = run(["doctor", "--db", try TestServer.url(database: database), "--format", "json"])
            #expect(doctor.code == .passed, "\(doctor.errors)")
            let plans = try #require(try doctor.json["plans"] as? [[String: Any]])
            let since = try #require(plans.first { ($0["check"] as? String)?.contains("--since") == true })
            let lines = (since["plan"] as? [String] ?? []).joined(separator: "\n")
            #expect(lines.contains("executor_jobs_created_at"), "\(lines)")
            #expect(!lines.contains("Seq Scan"), "\(lines)")
            // The partial index doctor suggests still serves the violations check's own scan.
            let suggested = try #require((try doctor.json["suggestions"] as? [[String: Any]])?.last?["ddl"] as? String)
            try TestServer.execute([suggested, "ANALYZE executor_jobs"], database: database)
            let after = try run(["doctor", "--db", try TestServer.url(database: database), "--format", "json"]).json
            let violations = try #require((after["plans"] as? [[String: Any]])?.first { $0["check"] as? String == "violations" })
            #expect(violations["uses_index"] as? Bool == true, "\(violations)")
        }
    }
}
