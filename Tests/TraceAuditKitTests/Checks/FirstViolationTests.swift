import Foundation
import Testing
@testable import TraceAuditKit

/// Issue 24 item 4: a windowed report says that its first violation is the window's, and whether
/// violations began before the window, with the first of all (id and created_at), found by
/// Queries/<dialect>/first-violation.sql in the audit's read, with the scan's semantics, on both
/// engines alike.
@Suite("Windowed reports: the first violation of all", .serialized, .timeLimit(.minutes(3)))
struct FirstViolationTests {
    /// (id, status, created_at as stored in SQLite, the same as a timestamptz literal, trace).
    static let rows: [(id: Int64, status: String, sqlite: String?, postgres: String?, trace: String?)] = [
        (11, "succeeded", "2026-01-31T23:59:59.999999Z", "2026-01-31 23:59:59.999999+00", nil),  // legacy
        (10, "succeeded", "2026-02-01T00:00:00Z", "2026-02-01 00:00:00+00", ""),  // exactly at the cutoff: covered
        (4, "SUCCEEDED", "2026-02-02T06:00:00Z", "2026-02-02 06:00:00+00", nil),  // not succeeded, bytewise
        (5, "succeeded", "2026-02-02T07:00:00Z", "2026-02-02 07:00:00+00", " "),  // a trace, bytewise
        (6, "succeeded", nil, nil, nil),  // undated: no window, never the first
        // The same instant, 10:00Z, written two ways: the lower id is the first.
        (2, "succeeded", "2026-02-03T10:00:00Z", "2026-02-03 10:00:00+00", ""),
        (1, "succeeded", "2026-02-03T11:00:00+01:00", "2026-02-03 11:00:00+01", nil),
        // Sorts first as text, comes later as an instant (10:30Z).
        (12, "succeeded", "2026-02-03T09:30:00-01:00", "2026-02-03 09:30:00-01", nil),
        (7, "succeeded", "2026-02-10T12:00:00Z", "2026-02-10 12:00:00+00", nil),
        (8, "succeeded", "2026-02-11T08:00:00Z", "2026-02-11 08:00:00+00", "t"),
        (9, "succeeded", "2026-02-12T00:00:00Z", "2026-02-12 00:00:00+00", nil),
    ]

    static func snapshot() throws -> SnapshotFile {
        try SnapshotFile(jobs: rows.map { row in
            .init(id: .integer(row.id), createdAt: row.sqlite.map(SnapshotFile.Value.text) ?? .null, status: .text(row.status),
                  traceId: row.trace.map(SnapshotFile.Value.text) ?? .null, correlationId: .text("c\(row.id)"))
        })
    }

    static func insert(_ table: String) -> String {
        "INSERT INTO \(table) VALUES " + rows.map { row in
            "(\(row.id), 'a', '\(row.status)', \(TestServer.literal(row.postgres)), NULL, \(TestServer.literal(row.trace)), 'c\(row.id)')"
        }.joined(separator: ", ")
    }

    /// Each case: arguments, then what JSON says: `before_window.violations` (nil: the key is
    /// null), `true_first.id` and `violations.first`.
    static let cases: [(arguments: [String], before: Bool?, trueFirst: String?, first: String?)] = [
        // Violations before and inside the window: the first of all is the one at the cutoff.
        (["violations", "--since", "2026-02-10"], true, "10", "2026-02-10T12:00:00Z"),
        // check and daily (the CI gate, the cron) stay windowed reads: they label the window's
        // first and do not look before it.
        (["check", "--day", "2026-02-10"], nil, nil, "2026-02-10T12:00:00Z"),
        (["daily", "--days", "3", "--until", "2026-02-13"], nil, nil, "2026-02-10T12:00:00Z"),
        // None before the window (the 'SUCCEEDED' job and the ' ' trace are no violations); the
        // window starts exactly at a violation's created_at: the window's first, id 1 of the two
        // at 10:00Z, is the first of all.
        (["violations", "--cutoff", "2026-02-02", "--since", "2026-02-03T10:00:00Z"], false, "1", "2026-02-03T10:00:00Z"),
        // A microsecond later, the two at 10:00Z lie before it; 12 is later as an instant.
        (["violations", "--cutoff", "2026-02-02", "--since", "2026-02-03T10:00:00.000001Z"], true, "1", "2026-02-03T10:30:00Z"),
        // Nothing in the window: not looked for, whatever lies before it (a clean day costs no
        // read of the days before it).
        (["violations", "--cutoff", "2026-02-11", "--since", "2026-02-11T01:00:00Z", "--until", "2026-02-11T23:00:00Z"], nil, nil, nil),
        (["violations", "--since", "2026-02-11T01:00:00Z", "--until", "2026-02-11T23:00:00Z"], nil, nil, nil),
        // A window that starts at or before the cutoff holds every violation before its end: not looked for.
        (["violations", "--since", "2026-01-15", "--until", "2026-02-05"], nil, nil, "2026-02-01T00:00:00Z"),
        (["violations", "--since", "2026-02-01"], nil, nil, "2026-02-01T00:00:00Z"),
        // legacy and distribution do not look.
        (["distribution", "--since", "2026-02-10"], nil, nil, "2026-02-10T12:00:00Z"),
    ]

    static func check(_ db: [String], engine: String) throws {
        for testCase in cases {
            let result = run(db + ["--format", "json"] + testCase.arguments)
            let json = try result.json
            let label = "\(engine) \(testCase.arguments)"
            #expect(json.value("violations.first") as? String == testCase.first, "\(label)")
            #expect(json.value("violations.first_scope") as? String == "window", "\(label)")
            let before = json.value("violations.before_window") as? [String: Any]
            #expect((before?["violations"] as? Bool) == testCase.before, "\(label) \(String(describing: before))")
            #expect(json.value("violations.true_first.id") as? String == testCase.trueFirst, "\(label)")
            if testCase.before == true {
                let first = try #require(before?["first"] as? [String: Any], "\(label)")
                #expect(first["id"] as? String == testCase.trueFirst, "\(label)")
                #expect(first["correlation_id"] as? String == "c\(testCase.trueFirst ?? "")", "\(label)")
                let expected = testCase.trueFirst == "10" ? "2026-02-01T00:00:00Z" : "2026-02-03T10:00:00Z"
                #expect(first["created_at"] as? String == expected, "\(label)")
                #expect(json.value("violations.true_first.created_at") as? String == expected, "\(label)")
            } else if before != nil {
                #expect(before?["first"] is NSNull, "\(label)")
            }
        }
        // The whole table: "first" is the first of all.
        let whole = try run(db + ["--format", "json", "violations"]).json
        #expect(whole.value("violations.first_scope") as? String == "table")
        #expect(whole.value("violations.first") as? String == "2026-02-01T00:00:00Z")
        #expect(whole.value("violations.before_window") is NSNull)
    }

    @Test func onSQLite() throws {
        let file = try Self.snapshot()
        try Self.check(["--db", file.path], engine: "sqlite")
    }

    @Test(.enabled(if: TestServer.enabled)) func onPostgreSQL() throws {
        try TestServer.withSchema { schema in
            let table = "\(schema).executor_jobs"
            try TestServer.execute([TestServer.createJobs(table), Self.insert(table)])
            try Self.check(["--db", try TestServer.requireURL(), "--table", table], engine: "postgresql")
            // The same answers through the policy's partial index.
            try TestServer.execute([
                "CREATE INDEX ON \(table) (created_at) WHERE status = 'succeeded' AND (trace_id IS NULL OR trace_id::text = '')",
                "ANALYZE \(table)",
            ])
            try Self.check(["--db", try TestServer.requireURL(), "--table", table], engine: "postgresql, indexed")
        }
    }

    /// On a large table with the partial index `traceaudit doctor` suggests, the statement as the
    /// plan binds it is one index probe: the planner reads that index and never scans the table
    /// (docs/BENCHMARKS.md has EXPLAIN ANALYZE on 2,000,000 rows).
    @Test(.enabled(if: TestServer.enabled)) func usesThePartialIndex() throws {
        try TestServer.withSchema { schema in
            let table = "\(schema).executor_jobs"
            try TestServer.execute([
                TestServer.createJobs(table),
                """
                INSERT INTO \(table) SELECT i, 't' || i % 5, CASE WHEN i % 10 < 8 THEN 'succeeded' ELSE 'failed' END,
                  TIMESTAMPTZ '2026-11-29 00:00:00+00' - (200000 - i) * INTERVAL '30 seconds', NULL,
                  CASE WHEN i % 97 = 0 THEN NULL WHEN i % 89 = 0 THEN '' ELSE md5(i::text) END, 'c' || i
                FROM generate_series(1, 200000) AS i
                """,
                "CREATE INDEX ON \(table) (created_at) WHERE status = 'succeeded' AND (trace_id IS NULL OR trace_id::text = '')",
                "VACUUM ANALYZE \(table)",
            ])
            let policy = Policy(table: try #require(TableName(table)))
            let connection = try TestServer.admin()
            for bound in ["2026-11-28", "2026-11-28T00:00:00.000001Z"] {
                let statement = QueryPlan.firstViolation(policy, before: try #require(Instant(parsing: bound)), .postgresql)
                let plan = try connection.execute("EXPLAIN " + statement.sql, statement.postgresParameters) { rows in
                    (0..<rows.count).compactMap { rows.text(row: $0, column: 0) }
                }
                #expect(plan.contains { $0.contains("Index Scan using") && $0.contains("executor_jobs_created_at_idx") }, "\(plan)")
                #expect(!plan.contains { $0.contains("Seq Scan") || $0.contains("Bitmap Heap Scan") }, "\(plan)")
            }
        }
    }

    /// Every human report labels the window's first and names the first of all, whole.
    @Test func humanReportsSayWhatTheySaw() throws {
        let file = try Self.snapshot()
        let arguments = ["--db", file.path, "violations", "--since", "2026-02-10"]
        let table = run(arguments + ["--format", "table"], environment: ["COLUMNS": "80"])
        #expect(table.code == .violations)
        let flat = table.output.split(whereSeparator: \.isNewline).joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(flat.contains("first in the window 2026-02-10T12:00:00Z"), "\(table.output)")
        #expect(flat.contains("Violations began before the window: the first of all, job 10, was created 2026-02-01T00:00:00Z."), "\(table.output)")
        #expect(table.output.split(separator: "\n").allSatisfy { $0.count <= 80 })

        let markdown = run(arguments + ["--format", "markdown"]).output
        #expect(markdown.contains("| First in the window, last in the window | `2026-02-10T12:00:00Z`, `2026-02-12T00:00:00Z` |"), "\(markdown)")
        #expect(markdown.contains("| Before the window | Violations began before the window: the first of all, job `10`, was created `2026-02-01T00:00:00Z` |"))

        let html = run(arguments + ["--format", "html"]).output
        #expect(html.contains("First violation in the window 2026-02-10 12:00:00 UTC"))
        // A CI gate's annotations say where the violations began, as a notice beside the FAIL.
        let github = run(arguments + ["--format", "github"]).output
        #expect(github.contains("::notice title=traceaudit%3A before the window::Violations began before the window: the first of all, job 10, was created 2026-02-01T00:00:00Z"), "\(github)")
        // check's share of traced jobs and the type table's firsts are labelled as the window's.
        let checked = run(["--db", file.path, "check", "--since", "2026-02-10", "--format", "html"]).output
        #expect(checked.contains("Traced in the window") && !checked.contains("Traced since cutoff"), "\(checked)")
        #expect(checked.contains("First in the window (UTC)") && !checked.contains("First seen (UTC)"))
        let checkedMail = run(["--db", file.path, "check", "--since", "2026-02-10", "--format", "email", "--mail-to", "a@example.com", "--mail-from", "audit@example.com"]).output
        #expect(checkedMail.contains("Traced in the window:"))
        #expect(html.contains("the first of all, job <span style=\"white-space:nowrap;\">10</span>, was created 2026-02-01 00:00:00 UTC."))

        // A clean window after earlier violations: its verdict stands alone, nothing before it is read.
        let clean = run(["--db", file.path, "check", "--since", "2026-02-11T01:00:00Z", "--until", "2026-02-11T23:00:00Z"], environment: ["COLUMNS": "120"])
        #expect(clean.code == .passed, "\(clean.errors)")
        #expect(!clean.output.contains("before the window"), "\(clean.output)")

        // The e-mail's text part, as a mail client reads it.
        guard try PythonCheck.hasModule("html5lib", package: "pip install html5lib") else { return }
        let mail = run(arguments + ["--format", "email", "--mail-to", "a@example.com", "--mail-from", "audit@example.com"]).output
        let eml = file.folder.appendingPathComponent("report.eml")
        try Data(mail.utf8).write(to: eml)
        let parts = try #require(try PythonCheck.json(EmailDeliveryTests.parser, [eml.path])["parts"] as? [[String: Any]])
        let text = try #require(parts.first?["body"] as? String)
        let prose = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        #expect(prose.contains("First violation in the window 2026-02-10 12:00:00 UTC, latest 2026-02-12 00:00:00 UTC."), "\(text)")
        #expect(prose.contains("Violations began before the window: the first of all, job 10, was created 2026-02-01 00:00:00 UTC."), "\(text)")
    }

    /// `traceaudit sql` lists the statement where the audit runs it, only for a window that starts
    /// after the cutoff.
    @Test func sqlListsIt() throws {
        let windowed = run(["sql", "violations", "--db", "postgresql://localhost/x", "--since", "2026-02-10"])
        #expect(windowed.code == .passed, "\(windowed.errors)")
        #expect(windowed.output.contains("Queries/postgresql/first-violation.sql"))
        #expect(windowed.output.contains("'2026-02-10 00:00:00.000000'"))
        let whole = run(["sql", "violations", "--db", "postgresql://localhost/x"])
        #expect(!whole.output.contains("first-violation.sql"))
        let early = run(["sql", "check", "--db", "postgresql://localhost/x", "--since", "2026-01-10"])
        #expect(!early.output.contains("first-violation.sql"))
    }
}
