import Foundation
import Testing
@testable import TraceAuditKit

/// The engines readiness is pinned on: SQLite always, PostgreSQL when the test server runs (with
/// CI=true it must).
enum ReadinessEngine: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgresql

    static var available: [ReadinessEngine] { TestServer.enabled ? allCases : [.sqlite] }

    var testDescription: String { rawValue }

    /// Stores `jobs` in this engine, with the jobs table made by `ddl` (the table's name in it is
    /// `{{table}}`), and runs `readiness` on it as of `now`.
    func readiness(
        _ jobs: [Job], _ extra: [String] = [], format: String = "json", now: Instant = ReadinessAtNowTests.now, ddl: String? = nil,
        environment: [String: String] = [:]
    ) throws -> RunResult {
        try stored(jobs, ddl: ddl) { target in
            let output = StringSink()
            let errors = StringSink()
            let code = TraceAudit.run(
                ["readiness"] + target + ["--format", format] + extra, environment: environment, output: output, errors: errors, now: now)
            return RunResult(code: code, output: output.text, errors: errors.text)
        }
    }

    /// Stores `jobs` in this engine and hands `body` the arguments that name the table (`--db`, `--table`).
    func stored<T>(_ jobs: [Job], ddl: String? = nil, _ body: ([String]) throws -> T) throws -> T {
        switch self {
        case .sqlite:
            let file = try SnapshotFile(schema: ddl.map { $0.replacingOccurrences(of: "{{table}}", with: "executor_jobs") } ?? SnapshotFile.schema, jobs: jobs)
            return try body(["--db", file.path])
        case .postgresql:
            return try TestServer.withSchema { schema in
                let table = "\(schema).executor_jobs"
                let values = jobs.map { job in
                    "(" + [job.id, job.type, job.status, job.createdAt, job.updatedAt, job.traceId, job.correlationId]
                        .map(PostgresAuditTests.literal).joined(separator: ", ") + ")"
                }
                try TestServer.execute(
                    [ddl.map { $0.replacingOccurrences(of: "{{table}}", with: table) } ?? TestServer.createJobs(table)]
                        + (values.isEmpty ? [] : ["INSERT INTO \(table) (id, type, status, created_at, updated_at, trace_id, correlation_id) VALUES " + values.joined(separator: ", ")]))
                return try body(["--db", try TestServer.requireURL(), "--table", table])
            }
        }
    }

    /// An updated_at that the engine stores but cannot read as an instant.
    var unreadableUpdatedAt: SnapshotFile.Value { self == .sqlite ? "soon" : "infinity" }
}

/// Readiness as of now: today's partial day counts, jobs are dated by when they succeeded, days
/// without jobs are no evidence, and every recent job type is a path to verify. The tables are
/// built around `now`.
@Suite("Readiness as of now", .serialized)
struct ReadinessAtNowTests {
    static let now = Instant(parsing: "2026-03-20T08:00:00Z")!
    static let nowSeconds = now.microseconds / 1_000_000
    static let day: Int64 = 86_400

    /// A job that succeeded `succeeded` seconds after its creation, `createdSecondsAgo` before now.
    static func job(
        _ id: Int64, createdSecondsAgo: Int64, succeededAfter: Int64 = 30, type: String = "send_email", traced: Bool = true
    ) -> Job {
        Job(
            id: .integer(id), createdAt: .integer(nowSeconds - createdSecondsAgo), type: .text(type),
            updatedAt: .integer(nowSeconds - createdSecondsAgo + succeededAfter),
            traceId: traced ? "4bf92f3577b34da6a3ce929d0e0e4736" : nil)
    }

    /// Traced jobs at 08:00 UTC on each of `days` before today.
    static func traced(daysAgo days: ClosedRange<Int64>, type: String = "send_email", firstId: Int64 = 1) -> [Job] {
        days.map { job(firstId + $0, createdSecondsAgo: $0 * day, type: type) }
    }

    static func json(_ result: RunResult) throws -> [String: Any] {
        guard result.code == .passed || result.code == .violations else { throw TestFailure("exit \(result.code): \(result.errors)") }
        return try result.json
    }

    /// A violation an hour ago, today, makes NOT READY and is named; the table output says the
    /// verdict once.
    @Test(arguments: ReadinessEngine.available)
    func violationAnHourAgo(engine: ReadinessEngine) throws {
        let jobs = Self.traced(daysAgo: 1...10) + [Self.job(100, createdSecondsAgo: 3_630, traced: false)]
        let result = try engine.readiness(jobs)
        #expect(result.code == .violations)
        let json = try Self.json(result)
        #expect(json["ready"] as? Bool == false)
        #expect(json.int("streak.days") == 0)
        #expect(json["last_broken_day"] as? String == "2026-03-20")
        #expect(json["reasons"] as? [String] == ["2026-03-20: 1 violation today"])
        let today = (json["days"] as? [[String: Any]])?.first
        #expect(today?["day"] as? String == "2026-03-20" && today?["partial"] as? Bool == true && today?["violations"] as? Int == 1)
        let table = try engine.readiness(jobs, format: "table")
        #expect(table.code == .violations)
        // At 80 columns the verdict line wraps; said whole it is the headline.
        #expect(table.output.contains("\nNOT READY  strict mode needs today and 7 complete UTC days clean; clean streak 0\n  days; last broken 2026-03-20 (today)\n"), "\(table.output)")
        #expect(!table.output.contains("NOT READY READY"))
        #expect(table.output.contains("\n  2026-03-20 today "))
    }

    /// The table output says NOT READY once (it printed `NOT READY READY`).
    @Test(arguments: ReadinessEngine.available)
    func tableSaysTheVerdictOnce(engine: ReadinessEngine) throws {
        let jobs = Self.traced(daysAgo: 1...10) + [Self.job(100, createdSecondsAgo: 3 * Self.day, traced: false)]
        let table = try engine.readiness(jobs, format: "table")
        #expect(table.code == .violations)
        let verdict = table.output.split(separator: "\n").first { $0.hasPrefix("NOT READY") || $0.hasPrefix("READY") }
        #expect(verdict?.hasPrefix("NOT READY  strict mode needs") == true, "\(table.output)")
        #expect(!table.output.contains("READY READY"))
    }

    /// A violation at 00:00:00 UTC today belongs to today, not to yesterday.
    @Test(arguments: ReadinessEngine.available)
    func violationAtMidnightToday(engine: ReadinessEngine) throws {
        let midnight = Self.job(100, createdSecondsAgo: 8 * 3_600, succeededAfter: 0, traced: false)
        let json = try Self.json(try engine.readiness(Self.traced(daysAgo: 1...10) + [midnight]))
        #expect(json["ready"] as? Bool == false)
        #expect(json["reasons"] as? [String] == ["2026-03-20: 1 violation today"])
        #expect((json["days"] as? [[String: Any]])?[1]["violations"] as? Int == 0)
    }

    /// A job created before the window that succeeded inside it is dated by when it succeeded.
    @Test(arguments: ReadinessEngine.available)
    func createdBeforeTheWindowSucceededInside(engine: ReadinessEngine) throws {
        let late = Self.job(100, createdSecondsAgo: 10 * Self.day, succeededAfter: 7 * Self.day + 3_600, traced: false)
        let json = try Self.json(try engine.readiness(Self.traced(daysAgo: 1...12) + [late]))
        #expect(json["ready"] as? Bool == false)
        #expect(json["clock"] as? String == "updated_at")
        #expect(json["dated_by_created_at"] as? Int == 0)
        #expect(json["reasons"] as? [String] == ["2026-03-17: 1 violation"])
        #expect(json["last_broken_day"] as? String == "2026-03-17")
        #expect(json.int("streak.days") == 2)
    }

    /// Where updated_at is NULL or unreadable, created_at dates the job, and the report counts them.
    @Test(arguments: ReadinessEngine.available)
    func createdAtWhereUpdatedAtIsMissing(engine: ReadinessEngine) throws {
        var unreadable = Self.job(100, createdSecondsAgo: 12 * Self.day, traced: false)
        unreadable.updatedAt = engine.unreadableUpdatedAt
        var missing = Self.job(101, createdSecondsAgo: 2 * Self.day, traced: false)
        missing.updatedAt = nil
        let json = try Self.json(try engine.readiness(Self.traced(daysAgo: 1...14) + [unreadable, missing]))
        #expect(json["clock"] as? String == "updated_at")
        #expect(json["dated_by_created_at"] as? Int == 2)
        #expect(json["reasons"] as? [String] == ["2026-03-18: 1 violation"])
        let table = try engine.readiness(Self.traced(daysAgo: 1...14) + [unreadable, missing], format: "table")
        let unwrapped = table.output.replacingOccurrences(of: "\n    ", with: " ")
        #expect(unwrapped.contains("days are when each job succeeded: the later of updated_at and created_at (created_at where updated_at is NULL or unreadable); 2 jobs dated by created_at"), "\(table.output)")
    }

    /// An empty week is no evidence: NOT READY by default; with --allow-empty-days the streak
    /// runs back to the first day with jobs, not to the cutoff.
    @Test(arguments: ReadinessEngine.available)
    func emptyWeekIsNoEvidence(engine: ReadinessEngine) throws {
        let jobs = Self.traced(daysAgo: 8...20)
        let json = try Self.json(try engine.readiness(jobs))
        #expect(json["ready"] as? Bool == false)
        #expect(json["no_evidence"] as? Bool == true)
        #expect(json["evidence_since"] as? String == "2026-02-28")
        #expect(json["empty_days"] as? [String] == (13...19).reversed().map { "2026-03-\($0)" })
        #expect((json["reasons"] as? [String])?.last == "no evidence: no succeeded jobs since 2026-03-13 (pass --allow-empty-days to accept days without jobs)")
        #expect((json["reasons"] as? [String])?.first == "2026-03-19: no succeeded jobs (no evidence)")
        let allowed = try engine.readiness(jobs, ["--allow-empty-days"])
        #expect(allowed.code == .passed)
        let lenient = try Self.json(allowed)
        #expect(lenient.int("streak.days") == 20)
        #expect(lenient.value("streak.since") as? String == "2026-02-28")
        #expect(lenient["allow_empty_days"] as? Bool == true && lenient["require_traffic"] as? Bool == false)
        // No jobs at all: no streak, whatever the flag.
        let none = try Self.json(try engine.readiness([], ["--allow-empty-days"]))
        #expect(none["ready"] as? Bool == false)
        #expect(none.int("streak.days") == 0)
        #expect(none["evidence_since"] is NSNull)
        #expect((none["reasons"] as? [String])?.first == "2026-03-19: before the first succeeded job (no evidence)")
    }

    /// A job type seen last month but not this week is an unverified path: listed, and NOT READY
    /// with --require-all-types. Prometheus carries the verdict, the streak and the paths.
    @Test(.enabled(if: ExternalTool.installed("promtool")), arguments: ReadinessEngine.available)
    func typeSeenLastMonthIsUnverified(engine: ReadinessEngine) throws {
        let jobs = Self.traced(daysAgo: 1...10) + Self.traced(daysAgo: 20...20, type: "send_sms", firstId: 100)
            + Self.traced(daysAgo: 45...45, type: "retired", firstId: 200)
        let json = try Self.json(try engine.readiness(jobs))
        #expect(json["ready"] as? Bool == true)
        #expect(json["unverified_paths"] as? [String] == ["send_sms"])
        let paths = json["paths"] as? [[String: Any]] ?? []
        #expect(paths.map { $0["type"] as? String } == ["send_email", "send_sms"])
        #expect(paths.map { $0["verified"] as? Bool } == [true, false])
        #expect(paths.last?["last_seen"] as? String == "2026-02-28")
        #expect(paths.first?["traced"] as? Int == 7)
        let strict = try engine.readiness(jobs, ["--require-all-types"])
        #expect(strict.code == .violations)
        #expect(try Self.json(strict)["reasons"] as? [String] == [
            "unexercised path send_sms: no succeeded job with a trace since 2026-03-13 (last seen 2026-02-28)",
        ])
        let metrics = try engine.readiness(jobs, ["--require-all-types"], format: "prometheus")
        let samples = try PrometheusSamples(metrics.output)
        #expect(samples["traceaudit_strict_mode_ready"] == 0)
        #expect(samples["traceaudit_clean_streak_days"] == 10)
        #expect(samples["traceaudit_readiness_paths"] == 2)
        #expect(samples["traceaudit_unverified_paths"] == 1)
        do {
            let promtool = try ExternalTool.path("promtool", package: "prometheus")
            // The format is valid (exit 1 would say not); the one lint finding is the issue's own
            // name, traceaudit_clean_streak_days, which promtool would have in seconds.
            let checked = try ExternalTool.run(promtool, ["check", "metrics"], input: metrics.output)
            let findings = (checked.output + checked.errors).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            #expect(checked.status == 0 || (checked.status == 3 && findings == [#"traceaudit_clean_streak_days use base unit "seconds" instead of "days""#]), "\(findings)")
        }
    }

    /// PostgreSQL: an updated_at that is not a timestamp cannot date a job; created_at does, and
    /// the report says so.
    @Test(.enabled(if: TestServer.enabled))
    func updatedAtThatIsNoTimestamp() throws {
        let ddl = """
            CREATE TABLE {{table}} (id bigint PRIMARY KEY, type text, status text, created_at timestamptz,
              updated_at text, trace_id text, correlation_id text)
            """
        var late = Self.job(100, createdSecondsAgo: 10 * Self.day, traced: false)
        late.updatedAt = "2026-03-17T09:00:00Z"
        let jobs = Self.traced(daysAgo: 1...12).map { job -> Job in
            var job = job
            job.updatedAt = nil
            return job
        } + [late]
        let json = try Self.json(try ReadinessEngine.postgresql.readiness(jobs, ddl: ddl))
        #expect(json["clock"] as? String == "created_at")
        #expect(json["ready"] as? Bool == true)
        #expect(json.int("streak.days") == 9)
        #expect(json["last_broken_day"] as? String == "2026-03-10")
    }

    /// SQLite: the created_at clock (a table without updated_at) dates every job by created_at.
    @Test func createdAtClockOnSQLite() throws {
        let late = Self.job(100, createdSecondsAgo: 10 * Self.day, succeededAfter: 7 * Self.day, traced: false)
        let file = try SnapshotFile(jobs: Self.traced(daysAgo: 1...12) + [late])
        let session = AuditSession(engine: try SQLiteSnapshot(path: file.path), timeoutMilliseconds: 1_000)
        var plan = session.plan(.readiness, AuditRequest(), rowLimit: 0)
            .readiness(ReadinessScope(clock: .createdAt, now: Self.now, requiredDays: 7))
        #expect(plan.scan().query.path == "Queries/sqlite/readiness-by-created-at.sql")
        let byCreated = try #require(try session.read(plan) { _, _ in try session.scan(plan) }.readiness)
        #expect(byCreated.days[Self.now.day.number - 10]?.violations == 1)
        #expect(byCreated.days[Self.now.day.number - 3]?.violations == 0)
        #expect(byCreated.datedByCreatedAt == 0)
        plan.readiness?.clock = .updatedAt
        let byUpdated = try #require(try session.read(plan) { _, _ in try session.scan(plan) }.readiness)
        #expect(byUpdated.days[Self.now.day.number - 3]?.violations == 1)
    }

    /// A table whose rowids span enough to be split between threads gives the same report.
    @Test func splitScanAgrees() throws {
        let jobs = Self.traced(daysAgo: 1...12) + Self.traced(daysAgo: 20...20, type: "send_sms", firstId: 100)
            + [Self.job(300, createdSecondsAgo: 3 * Self.day, traced: false), Self.job(301, createdSecondsAgo: 3_600, traced: false)]
        let spread = jobs.enumerated().map { index, job -> Job in
            var job = job
            job.id = .integer(Int64(index) * 100_000 + 1)
            return job
        }
        let compact = try Self.json(try ReadinessEngine.sqlite.readiness(jobs))
        let split = try Self.json(try ReadinessEngine.sqlite.readiness(spread))
        #expect(split["reasons"] as? [String] == ["2026-03-20: 1 violation today", "2026-03-17: 1 violation"])
        #expect(try Self.canonical(split) == Self.canonical(compact))
    }

    /// A WITHOUT ROWID table is read whole, and a table whose user column takes the name rowid is
    /// split by oid: the same report as an ordinary table's.
    @Test(arguments: [
        SnapshotFile.schema + " WITHOUT ROWID",
        SnapshotFile.schema.replacingOccurrences(of: "correlation_id TEXT)", with: "correlation_id TEXT, rowid TEXT)"),
    ])
    func tableShapes(schema: String) throws {
        let jobs = Self.traced(daysAgo: 1...12) + [Self.job(300, createdSecondsAgo: 3 * Self.day, traced: false)]
        let ordinary = try Self.json(try ReadinessEngine.sqlite.readiness(jobs))
        let shaped = try Self.json(try ReadinessEngine.sqlite.readiness(jobs, ddl: schema))
        #expect(shaped["reasons"] as? [String] == ["2026-03-17: 1 violation"])
        #expect(try Self.canonical(shaped) == Self.canonical(ordinary))
        let file = try SnapshotFile(schema: schema, jobs: jobs)
        let listing = run(["sql", "readiness", "--db", file.path])
        #expect(listing.output.contains(schema.hasSuffix("WITHOUT ROWID") ? "-- Queries/sqlite/readiness-table.sql\n" : "AND oid BETWEEN"), "\(listing.output)")
    }

    /// Both engines give the same report on the same table.
    @Test(.enabled(if: TestServer.enabled))
    func enginesAgree() throws {
        var missing = Self.job(302, createdSecondsAgo: 5 * Self.day, traced: false)
        missing.updatedAt = nil
        let jobs = Self.traced(daysAgo: 1...12) + Self.traced(daysAgo: 20...20, type: "send_sms", firstId: 100)
            + [Self.job(300, createdSecondsAgo: 10 * Self.day, succeededAfter: 7 * Self.day, traced: false),
               Self.job(301, createdSecondsAgo: 3_600, traced: false), missing]
        for extra in [[], ["--allow-empty-days", "--require-all-types", "--days", "3"]] {
            let sqlite = try Self.json(try ReadinessEngine.sqlite.readiness(jobs, extra))
            let postgres = try Self.json(try ReadinessEngine.postgresql.readiness(jobs, extra))
            #expect(try Self.canonical(sqlite) == Self.canonical(postgres))
            #expect(sqlite.int("dated_by_created_at") == 1)
        }
    }

    /// The report without its source, as sorted-key JSON, so two runs compare by value.
    static func canonical(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object.filter { $0.key != "source" }, options: [.sortedKeys]), as: UTF8.self)
    }

    /// `sql readiness` prints the readiness scan that runs, with the paths' start inlined.
    @Test func sqlListingPrintsTheReadinessScan() throws {
        let sqlite = run(["sql", "readiness", "--db", "x.sqlite"])
        #expect(sqlite.code == .passed)
        #expect(sqlite.output.contains("-- Queries/sqlite/readiness.sql\n"))
        #expect(!sqlite.output.contains("-- Queries/sqlite/scan.sql\n"))
        #expect(sqlite.output.contains("Queries/sqlite/readiness-by-created-at.sql runs instead"))
        let postgres = TraceAudit.run(
            ["sql", "readiness", "--db", "postgresql://auditor@db.internal/orchestrator", "--days", "40"], environment: [:],
            output: StringSink(), errors: StringSink(), now: Self.now)
        #expect(postgres == .passed)
        let output = StringSink()
        _ = TraceAudit.run(
            ["sql", "readiness", "--db", "postgresql://auditor@db.internal/orchestrator", "--days", "40"], environment: [:],
            output: output, errors: StringSink(), now: Self.now)
        #expect(output.text.contains("-- Queries/postgresql/readiness.sql\n"))
        #expect(output.text.contains("'2026-02-08 00:00:00.000000'"))  // 40 days before today
    }
}
