import Foundation
import Testing
@testable import TraceAuditKit

/// The numbers of the daily report, the same on both engines and from the one scan: undated ids
/// and their place in the verdict, each type's total and rate, the newest succeeded job and the
/// freshness check, partial days.
@Suite("Report data on both engines", .serialized)
struct ReportDataTests {
    /// A job of the data set: created_at as text with a zone (nil for NULL), trace nil for NULL.
    struct Row {
        var id: Int
        var createdAt: String?
        var type: String
        var trace: String?
        var status = "succeeded"
    }

    /// 2026-03-01: 2 send_email traced. 2026-03-02: 4 webhook_delivery (2 without a trace) and 4
    /// send_email (1 without). 2026-03-03 12:00: the newest succeeded job. One legacy job, one
    /// newer failed job, and four undated jobs (50, 51, 52 without a trace, 53 with one).
    static let rows: [Row] = [
        Row(id: 1, createdAt: "2026-03-01 09:00:00+00", type: "send_email", trace: "t1"),
        Row(id: 2, createdAt: "2026-03-01 10:00:00+00", type: "send_email", trace: "t2"),
        Row(id: 3, createdAt: "2026-03-02 08:00:00+00", type: "webhook_delivery", trace: nil),
        Row(id: 4, createdAt: "2026-03-02 09:00:00+00", type: "webhook_delivery", trace: ""),
        Row(id: 5, createdAt: "2026-03-02 10:00:00+00", type: "webhook_delivery", trace: "t5"),
        Row(id: 6, createdAt: "2026-03-02 13:00:00+00", type: "webhook_delivery", trace: "t6"),
        Row(id: 7, createdAt: "2026-03-02 14:00:00+00", type: "send_email", trace: nil),
        Row(id: 8, createdAt: "2026-03-02 15:00:00+00", type: "send_email", trace: "t8"),
        Row(id: 9, createdAt: "2026-03-02 16:00:00+00", type: "send_email", trace: "t9"),
        Row(id: 10, createdAt: "2026-03-02 17:00:00+00", type: "send_email", trace: "t10"),
        Row(id: 11, createdAt: "2026-03-03 12:00:00+00", type: "send_email", trace: "t11"),
        Row(id: 12, createdAt: "2026-01-10 12:00:00+00", type: "send_email", trace: nil),
        Row(id: 13, createdAt: "2026-03-05 12:00:00+00", type: "send_email", trace: nil, status: "failed"),
        Row(id: 50, createdAt: nil, type: "send_email", trace: nil),
        Row(id: 51, createdAt: nil, type: "send_email", trace: ""),
        Row(id: 52, createdAt: nil, type: "send_email", trace: nil),
        Row(id: 53, createdAt: nil, type: "send_email", trace: "t53"),
    ]

    /// The engines a test of the report's data runs on: each engine a test of its own, so that the
    /// PostgreSQL one without a server is reported as skipped, never as passed.
    enum Engine {
        case sqlite, postgresql
    }

    /// Runs `body` with the arguments that name the data set on `engine`.
    static func on(_ engine: Engine, _ rows: [Row] = rows, _ body: ([String]) throws -> Void) throws {
        guard engine == .postgresql else {
            let file = try SnapshotFile(jobs: rows.map { row in
                Job(
                    id: .integer(Int64(row.id)), createdAt: row.createdAt.map { .text($0) } ?? nil, status: .text(row.status),
                    type: .text(row.type), traceId: row.trace.map { .text($0) } ?? nil, correlationId: .text("req-\(row.id)"))
            })
            return try body(["--db", file.path])
        }
        try TestServer.withSchema { schema in
            let table = "\(schema).executor_jobs"
            let values = rows.map { row in
                "(\(row.id), \(TestServer.literal(row.type)), \(TestServer.literal(row.status)), \(TestServer.literal(row.createdAt)), NULL, \(TestServer.literal(row.trace)), 'req-\(row.id)')"
            }
            try TestServer.execute([TestServer.createJobs(table), "INSERT INTO \(table) VALUES " + values.joined(separator: ", ")])
            try body(["--db", try TestServer.requireURL(), "--table", table])
        }
    }

    /// Regression: one undated job without a trace failed every windowed run, and no format named
    /// it. It belongs to no window: a window's verdict is its own, with a warning and the ids.
    @Test func undatedJobsWarnInAWindowAndFailTheWholeTable() throws { try Self.undatedJobsWarnInAWindowAndFailTheWholeTable(on: .sqlite) }
    @Test(.enabled(if: TestServer.enabled)) func undatedJobsWarnInAWindowAndFailTheWholeTableOnPostgreSQL() throws { try Self.undatedJobsWarnInAWindowAndFailTheWholeTable(on: .postgresql) }
    static func undatedJobsWarnInAWindowAndFailTheWholeTable(on engine: Engine) throws {
        try Self.on(engine) { database in
            let window = ["--since", "2026-03-01", "--until", "2026-03-02"]
            let json = run(database + window + ["--format", "json"])
            #expect(json.code == .passed, "\(json.errors)")
            let report = try json.json
            #expect(report["passed"] as? Bool == true)
            #expect(report.int("undated.missing_trace") == 3)
            #expect(report.value("undated.ids") as? [String] == ["52", "51", "50"])
            #expect(report.value("undated.ids_truncated") as? Bool == false)
            #expect(report.value("undated.decides_verdict") as? Bool == false)

            let table = run(database + window, environment: ["COLUMNS": "200"])
            #expect(table.code == .passed)
            #expect(table.output.contains("52, 51, 50"), "\(table.output)")
            #expect(table.output.contains("warning: they belong to no window"), "\(table.output)")
            let markdown = run(database + window + ["--format", "markdown"])
            #expect(markdown.output.contains("| 52 |\n| 51 |\n| 50 |"), "\(markdown.output)")
            #expect(markdown.output.contains("**Warning**"))
            let junit = try JUnitDocument(run(database + window + ["--format", "junit"]).output)
            #expect(junit.root.attributes["failures"] == "0")
            #expect(junit.root.all("system-out").contains { $0.text.contains("ids (highest first): 52, 51, 50") })

            let whole = run(database + ["--format", "json", "--limit", "2"])
            #expect(whole.code == .violations)
            let wholeReport = try whole.json
            #expect(wholeReport.value("undated.ids") as? [String] == ["52", "51"])
            #expect(wholeReport.value("undated.ids_truncated") as? Bool == true)
            #expect(wholeReport.value("undated.decides_verdict") as? Bool == true)
            let wholeJUnit = try JUnitDocument(run(database + ["--format", "junit"]).output)
            let undated = try #require(wholeJUnit.root.all("testcase").first { $0.attributes["name"] == "undated" })
            #expect(undated.children.first { $0.name == "failure" }?.text.contains("52, 51, 50") == true)
            #expect(run(database + ["violations", "--format", "json"]).code == .violations)
        }
    }

    /// Violations by type come with the type's succeeded jobs since the cutoff and the rate.
    @Test func ratesByType() throws { try Self.ratesByType(on: .sqlite) }
    @Test(.enabled(if: TestServer.enabled)) func ratesByTypeOnPostgreSQL() throws { try Self.ratesByType(on: .postgresql) }
    static func ratesByType(on engine: Engine) throws {
        try Self.on(engine) { database in
            let report = try run(database + ["--format", "json"]).json
            let types = try #require(report.value("violations.by_type") as? [[String: Any]])
            #expect(types.map { $0["type"] as? String } == ["webhook_delivery", "send_email"])
            #expect(types.map { $0.int("count") } == [2, 1])
            #expect(types.map { $0.int("succeeded") } == [4, 7])
            #expect(types.map { ($0["rate_percent"] as? NSNumber)?.doubleValue } == [50, 14.29])
            let inWindow = try run(database + ["--since", "2026-03-02T12:00:00Z", "--format", "json"]).json
            let windowTypes = try #require(inWindow.value("violations.by_type") as? [[String: Any]])
            #expect(windowTypes.map { $0["type"] as? String } == ["send_email"])
            #expect(windowTypes.map { $0.int("succeeded") } == [5])
            #expect(windowTypes.map { ($0["rate_percent"] as? NSNumber)?.doubleValue } == [20])
            // violations reads only the jobs without a trace: no total, no rate.
            let violations = try run(database + ["violations", "--format", "json"]).json
            #expect((violations.value("violations.by_type") as? [[String: Any]])?.allSatisfy { $0["succeeded"] is NSNull } == true)
            #expect(violations["freshness"] is NSNull)
            let table = run(database, environment: ["COLUMNS": "120"]).output
            #expect(table.contains("webhook_delivery           2             4  50.00%"), "\(table)")
        }
    }

    /// SQLite groups the scan's types by their bytes: NULL, '', text, and numbers (read as their
    /// text) each get their own total, equal to what a count by name gives.
    @Test func typeTotalsOfEveryStorageClass() throws {
        let types: [SnapshotFile.Value] = [nil, "", "a", "ab", 5, .real(1.5), "5"]
        var jobs: [Job] = []
        var id: Int64 = 0
        for (index, type) in types.enumerated() {
            for copy in 0...index {
                id += 1
                jobs.append(Job(id: .integer(id), createdAt: .integer(1_772_409_600 + id), type: type, traceId: copy == 0 ? nil : "t"))
            }
        }
        let file = try SnapshotFile(jobs: jobs)
        let report = try run(["--db", file.path, "--format", "json"]).json
        let byType = try #require(report.value("violations.by_type") as? [[String: Any]])
        var totals: [String: Int] = [:]
        for entry in byType { totals[(entry["type"] as? String) ?? "NULL"] = entry.int("succeeded") }
        // 5 (an integer) and '5' (text) are the same type by name: 5 + 7 jobs.
        #expect(totals == ["NULL": 1, "": 2, "a": 3, "ab": 4, "5": 5 + 7, "1.5": 6])
        #expect(byType.allSatisfy { $0.int("count") == (($0["type"] as? String) == "5" ? 2 : 1) })
    }

    /// Every report states the newest succeeded job; `--max-age` and `--min-jobs` fail a window
    /// without enough traffic (exit 1) in every format.
    @Test func freshness() throws { try Self.freshness(on: .sqlite) }
    @Test(.enabled(if: TestServer.enabled)) func freshnessOnPostgreSQL() throws { try Self.freshness(on: .postgresql) }
    static func freshness(on engine: Engine) throws {
        try Self.on(engine) { database in
            let report = try run(database + ["--format", "json"]).json
            #expect(report.value("freshness.newest_succeeded_at") as? String == "2026-03-03T12:00:00Z")
            #expect(report.int("freshness.succeeded_jobs") == 12)
            #expect(report.value("freshness.checked") as? Bool == false)

            let day = ["--since", "2026-03-01", "--until", "2026-03-02"]
            let fresh = run(database + day + ["--max-age", "100000d", "--min-jobs", "2", "--format", "json"])
            #expect(fresh.code == .passed, "\(fresh.errors)")
            #expect(try fresh.json.value("freshness.passed") as? Bool == true)
            #expect(try fresh.json.value("freshness.newest_succeeded_at") as? String == "2026-03-01T10:00:00Z")

            let stale = run(database + day + ["--max-age", "1d", "--format", "json"])
            #expect(stale.code == .violations)
            let staleReport = try stale.json
            #expect(staleReport["passed"] as? Bool == false)
            #expect(staleReport.value("freshness.passed") as? Bool == false)
            #expect(staleReport.value("freshness.max_age_seconds") as? Int == 86_400)
            #expect((staleReport.value("freshness.message") as? String)?.contains("older than --max-age 1d") == true)

            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("traceaudit-fresh-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let logged = run(database + day + ["--max-age", "1d", "--output", folder.appendingPathComponent("r.json").path, "--format", "json"])
            #expect(logged.code == .violations)
            #expect(logged.errors.contains("FAIL: ") && logged.errors.contains("decided by the newest succeeded job is"), "\(logged.errors)")
            #expect(logged.errors.contains("older than --max-age 1d\n") || logged.errors.hasSuffix("older than --max-age 1d"), "\(logged.errors)")

            let annotations = run(database + day + ["--max-age", "1d", "--format", "github"])
            #expect(annotations.code == .violations)
            #expect(annotations.output.contains("decided by the newest succeeded job is"), "\(annotations.output)")

            let few = run(database + day + ["--min-jobs", "3", "--format", "junit"])
            #expect(few.code == .violations)
            let testcase = try #require(try JUnitDocument(few.output).root.all("testcase").first { $0.attributes["name"] == "freshness" })
            #expect(testcase.children.first { $0.name == "failure" }?.attributes["message"]?.contains("2 succeeded jobs in the window, fewer than --min-jobs 3") == true)

            let metrics = run(database + day + ["--max-age", "1d", "--format", "prometheus"])
            #expect(metrics.code == .violations)
            let samples = try PrometheusSamples(metrics.output)
            #expect(samples["traceaudit_passed"] == 0)
            #expect(samples["traceaudit_freshness_passed"] == 0)
            #expect(samples["traceaudit_newest_job_timestamp_seconds"] == 1_772_359_200)
            let age = try #require(samples["traceaudit_newest_job_age_seconds"])
            #expect(abs(age - (Date().timeIntervalSince1970 - 1_772_359_200)) < 600)
            #expect(samples["traceaudit_window_succeeded_jobs"] == 2)

            let quiet = run(database + day + ["--max-age", "1d", "--quiet"])
            #expect(quiet.code == .violations)
            #expect(quiet.output.contains("FAIL"), "silence must not read as compliance")

            let empty = run(database + ["--since", "2026-04-01", "--max-age", "30d", "--format", "json"])
            #expect(empty.code == .violations)
            #expect(try empty.json.value("freshness.newest_succeeded_at") is NSNull)
        }
    }

    /// Days the window or the time of the audit cut are named partial; `--day` is complete.
    @Test func partialDays() throws { try Self.partialDays(on: .sqlite) }
    @Test(.enabled(if: TestServer.enabled)) func partialDaysOnPostgreSQL() throws { try Self.partialDays(on: .postgresql) }
    static func partialDays(on engine: Engine) throws {
        try Self.on(engine) { database in
            let cut = try run(database + ["--since", "2026-03-02T12:00:00Z", "--format", "json"]).json
            let days = try #require(cut["daily"] as? [[String: Any]])
            #expect(days.map { $0["day"] as? String } == ["2026-03-03", "2026-03-02"])
            #expect(days.map { $0["partial"] as? Bool } == [false, true])
            let complete = try run(database + ["--day", "2026-03-02", "--format", "json"]).json
            #expect(complete.value("window.since") as? String == "2026-03-02T00:00:00Z")
            #expect(complete.value("window.until") as? String == "2026-03-03T00:00:00Z")
            #expect((complete["daily"] as? [[String: Any]])?.map { $0["partial"] as? Bool } == [false])
            #expect(complete.int("violations.count") == 3)
            let table = run(database + ["--since", "2026-03-02T12:00:00Z"], environment: ["COLUMNS": "100"]).output
            #expect(table.contains("2026-03-02 (partial)"), "\(table)")
        }
        let today = Instant.now.day
        let file = try SnapshotFile(jobs: [Job(id: 1, createdAt: .text(today.description + " 00:00:01"))])
        let report = try run(["--db", file.path, "--since", "today", "--format", "json"]).json
        #expect((report["daily"] as? [[String: Any]])?.map { $0["partial"] as? Bool } == [true])
    }
}
