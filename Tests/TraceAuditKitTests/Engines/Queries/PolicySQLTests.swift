import Foundation
import Testing
@testable import TraceAuditKit

/// `traceaudit sql --policy … | psql` and `… | sqlite3 FILE` run as printed, and their numbers are
/// the audit's (`check --all --format json`) on tables with every shape the audit reads: each
/// timestamp form, '' and NULL traces, jobs exactly at the cutoff, undated jobs, a day boundary that
/// an offset crosses, and on PostgreSQL both column types under a session TimeZone far from UTC.
@Suite("sql --policy in psql and sqlite3")
struct PolicySQLTests {
    static let violationsHeader = "id|type|created_at|correlation_id"
    static let legacyHeader = "legacy_missing_trace"
    static let distributionHeader = "has_trace|missing_trace"
    static let dailyHeader = "day|total_succeeded|with_trace|without_trace|compliance_percent"
    static let undatedHeader = "undated_missing_trace|undated_has_trace"
    static let headers = [violationsHeader, legacyHeader, distributionHeader, dailyHeader, undatedHeader]

    /// The policy's numbers from a shell's output (headers on, `|` between columns).
    struct Numbers: Equatable, CustomStringConvertible {
        var violationIds: [String] = []
        var legacyMissing = -1
        var hasTrace = -1, missingTrace = -1
        /// Per day, newest first: day, total, with, without, percent (two decimals).
        var daily: [[String]] = []
        var undatedMissing = -1, undatedHasTrace = -1

        var description: String {
            "violations \(violationIds.count) \(violationIds.prefix(5)) legacy \(legacyMissing) distribution \(hasTrace)/\(missingTrace) "
                + "undated \(undatedMissing)/\(undatedHasTrace) days \(daily.count) \(daily.prefix(3))"
        }

        init() {}

        init(shell output: String) throws {
            let sets = SQLListingPipeTests.resultSets(output, headers: PolicySQLTests.headers)
            for header in PolicySQLTests.headers where sets[header] == nil {
                throw TestFailure("no \(header) result in: \(output.prefix(600))")
            }
            violationIds = sets[PolicySQLTests.violationsHeader, default: []].map { $0[0] }
            legacyMissing = Int(sets[PolicySQLTests.legacyHeader]?.first?[0] ?? "") ?? -1
            let distribution = sets[PolicySQLTests.distributionHeader]?.first ?? []
            hasTrace = distribution.first.flatMap { Int($0) } ?? -1
            missingTrace = distribution.dropFirst().first.flatMap { Int($0) } ?? -1
            daily = sets[PolicySQLTests.dailyHeader, default: []]
            let undated = sets[PolicySQLTests.undatedHeader]?.first ?? []
            undatedMissing = undated.first.flatMap { Int($0) } ?? -1
            undatedHasTrace = undated.dropFirst().first.flatMap { Int($0) } ?? -1
        }

        init(audit json: [String: Any]) {
            violationIds = ((json.value("violations.rows") as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
            legacyMissing = json.int("legacy.missing_trace") ?? -1
            hasTrace = json.int("distribution.has_trace") ?? -1
            missingTrace = json.int("distribution.missing_trace") ?? -1
            daily = ((json.value("daily") as? [[String: Any]]) ?? []).compactMap { day -> [String]? in
                guard let total = day["total_succeeded"] as? Int, total > 0 else { return nil }
                let percent = (day["compliance_percent"] as? Double).map { AuditReport.percent($0) } ?? "-"
                return [day["day"] as? String ?? "?", String(total), "\(day["with_trace"] ?? "?")", "\(day["without_trace"] ?? "?")", percent]
            }
            undatedMissing = json.int("undated.missing_trace") ?? -1
            undatedHasTrace = json.int("undated.has_trace") ?? -1
        }
    }

    /// The audit's numbers, every violation listed.
    static func audit(_ arguments: [String]) throws -> Numbers {
        let result = run(["check", "--all", "--format", "json"] + arguments)
        guard result.code == .passed || result.code == .violations else {
            throw TestFailure("exit \(result.code.rawValue): \(result.errors)")
        }
        let json = try result.json
        #expect(json.int("violations.count") == (json.value("violations.rows") as? [Any])?.count)
        return Numbers(audit: json)
    }

    /// Every created_at form the audit reads in a snapshot, and some it cannot, around the cutoff,
    /// with traces present, NULL and ''.
    static let sqliteShapes: [SnapshotFile.Value] = [
        "2026-02-01 00:00:00", "2026-02-01T00:00:00Z", "2026-01-31 19:00:00-05", "2026-02-01 08:59:59.9999995+09:00",
        "2026-02-01 08:59:59.999999+09:00", "2026-02-01 09:00:00+0900", "2026-02-01", "2026-02-01t12:34z",
        "2026-02-01 12:34:56,25 +01:00", "2026-01-31 23:59:59.999999", "2026-02-03 23:30:00-05:00",
        "2026-02-04 01:00:00+05", "2026-02-04T00:30:00.5+00:30", "1970-01-01 00:00:00", .integer(1_769_904_000),
        .integer(1_769_903_999), .real(1_769_903_999.9999996), .real(1_770_076_799.5),
        // Unreadable: undated.
        "2026-02-30 00:00:00", "2026-02-01 24:00:00", " 2026-02-01", "20260201", "2026-2-1", "2026-02-01 12:00:00+16",
        "2026-02-01 12:00  Z", "2026-02-01 12:00:00 UTC", .integer(1_769_904_000_000), nil,
    ]

    @Test(.enabled(if: ExternalTool.installed("sqlite3")))
    func sqliteQueriesCountWhatTheAuditCounts() throws {
        let sqlite3 = try ExternalTool.path("sqlite3", package: "sqlite3")
        var jobs = ParityData.jobs(count: 700).map(\.sqlite)
        var id: Int64 = 500_000
        for (index, shape) in Self.sqliteShapes.enumerated() {
            for (status, trace) in [("succeeded", nil), ("succeeded", ""), ("succeeded", "t-\(index)"), ("failed", nil)] as [(String, String?)] {
                id += 1
                jobs.append(SnapshotFile.Job(
                    id: .integer(id), createdAt: shape, status: .text(status), traceId: trace.map { .text($0) } ?? nil,
                    correlationId: .text("req-\(id)")))
            }
        }
        let file = try SnapshotFile(jobs: jobs)
        // A BLOB created_at, which neither reads.
        try file.write { db in
            try SnapshotFile.exec(db, "INSERT INTO executor_jobs (id, type, status, created_at, trace_id) VALUES (600001, 'x', 'succeeded', X'00', NULL)")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: file.path))
        let listing = run(["sql", "--policy", "--db", file.path])
        #expect(listing.code == .passed, "\(listing.errors)")
        #expect(listing.output.contains("Test 1") && listing.output.contains("Test 3"))
        let shell = try ExternalTool.run(sqlite3, ["-readonly", "-bail", "-header", "-separator", "|", file.path], input: listing.output)
        #expect(shell.status == 0, "\(shell.errors)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: file.path)) == before)
        let numbers = try Numbers(shell: shell.output)
        let audit = try Self.audit(["--db", file.path])
        #expect(numbers == audit)
        #expect(numbers.undatedMissing > 10 && numbers.violationIds.count > 10 && numbers.legacyMissing > 0)
    }

    @Test(.enabled(if: TestServer.enabled), arguments: ["timestamptz", "timestamp"])
    func postgresQueriesCountWhatTheAuditCounts(createdAt: String) throws {
        let psql = try LocalCluster.bin() + "/psql"
        try TestServer.withSchema { schema in
            let table = "\(schema).executor_jobs"
            let rows = ParityData.jobs(count: 700)
            let extra = [
                "(900001, 'x', 'succeeded', 'infinity', NULL, NULL, 'req')", "(900002, 'x', 'succeeded', '-infinity', NULL, 't', 'req')",
                "(900003, 'x', 'succeeded', '-infinity', NULL, '', 'req')", "(900004, 'x', 'succeeded', NULL, NULL, '', 'req')",
                // A day boundary an offset crosses: 2026-02-04 04:30 UTC, and 2026-02-03 20:00 UTC.
                "(900005, 'x', 'succeeded', '2026-02-04T04:30:00Z', NULL, NULL, 'req')", "(900006, 'x', 'succeeded', '2026-02-03T20:00:00Z', NULL, '', 'req')",
                "(900007, 'x', 'succeeded', '2026-02-03T23:59:59.999999Z', NULL, 't', 'req')", "(900008, 'x', 'succeeded', '2026-02-04T00:00:00Z', NULL, NULL, 'req')",
            ]
            try TestServer.execute(
                [TestServer.createJobs(table, createdAt: createdAt)] + ParityData.inserts(rows, table: table)
                    + ["INSERT INTO \(table) (id, type, status, created_at, updated_at, trace_id, correlation_id) VALUES " + extra.joined(separator: ", ")])
            let url = try TestServer.requireURL()
            let listing = run(["sql", "--policy", "--db", url, "--table", table])
            #expect(listing.code == .passed, "\(listing.errors)")
            // A session 14 hours east of UTC, as a server or role TimeZone would make it.
            let input = "SET TimeZone = 'Pacific/Kiritimati';\n" + listing.output
            let shell = try ExternalTool.run(psql, [url, "-X", "-q", "-A", "-F", "|", "-P", "footer=off", "-v", "ON_ERROR_STOP=1"], input: input)
            #expect(shell.status == 0, "\(shell.errors)")
            let numbers = try Numbers(shell: shell.output)
            let audit = try Self.audit(["--db", url, "--table", table])
            #expect(numbers == audit, "\(createdAt)")
            // infinity without a trace, -infinity with '', NULL with '', and the data set's own.
            #expect(numbers.undatedMissing == 3 + rows.filter { $0.instant == nil && $0.status == "succeeded" && ($0.trace ?? "").isEmpty }.count)
            #expect(numbers.daily.contains { $0[0] == "2026-02-04" } && numbers.violationIds.contains("900005"))
        }
    }

    /// SQLite: status and trace compare bytewise whatever the columns' declared collation.
    @Test(.enabled(if: ExternalTool.installed("sqlite3")))
    func sqliteQueriesCompareBytewise() throws {
        let sqlite3 = try ExternalTool.path("sqlite3", package: "sqlite3")
        let schema = SnapshotFile.schema.replacingOccurrences(of: "status TEXT", with: "status TEXT COLLATE NOCASE")
            .replacingOccurrences(of: "trace_id TEXT", with: "trace_id TEXT COLLATE RTRIM")
        let file = try SnapshotFile(schema: schema, jobs: [
            .init(id: 1, createdAt: "2026-02-10 00:00:00+00", traceId: nil), .init(id: 2, createdAt: "2026-02-10 00:00:00+00", status: "SUCCEEDED", traceId: nil),
            .init(id: 3, createdAt: "2026-02-11 00:00:00+00", traceId: " "), .init(id: 4, createdAt: "2026-01-11 00:00:00+00", traceId: " "),
        ])
        let listing = run(["sql", "--policy", "--db", file.path])
        let shell = try ExternalTool.run(sqlite3, ["-readonly", "-bail", "-header", "-separator", "|", file.path], input: listing.output)
        #expect(shell.status == 0, "\(shell.errors)")
        let numbers = try Numbers(shell: shell.output)
        #expect(numbers == (try Self.audit(["--db", file.path])))
        #expect(numbers.violationIds == ["1"] && numbers.hasTrace == 1 && numbers.legacyMissing == 0)
    }

    /// Status and trace compare bytewise, as the audit compares them, whatever the columns' type
    /// or collation: citext and a case-insensitive collation must not count 'SUCCEEDED', an enum
    /// is read by its label, and a collation that ignores spaces must not make ' ' a missing trace.
    @Test(.enabled(if: TestServer.enabled), arguments: [
        ("citext", "text COLLATE ignoring_spaces"), ("job_status", "citext"), ("text COLLATE case_insensitive", "text COLLATE case_insensitive"),
    ])
    func postgresQueriesCompareBytewise(statusType: String, traceType: String) throws {
        let psql = try LocalCluster.bin() + "/psql"
        try CollationTests.withDatabase { database in
            try TestServer.execute([
                CollationTests.createJobs(status: statusType, trace: traceType),
                """
                INSERT INTO executor_jobs VALUES
                  (1, 'a', 'succeeded', '2026-02-10 00:00:00+00', NULL, NULL, 'c1'),
                  (2, 'a', 'SUCCEEDED', '2026-02-10 00:00:00+00', NULL, NULL, 'c2'),
                  (3, 'a', 'Succeeded', '2026-01-10 00:00:00+00', NULL, '', 'c3'),
                  (4, 'a', 'succeeded', '2026-02-11 00:00:00+00', NULL, ' ', 'c4'),
                  (5, 'a', 'succeeded', '2026-01-12 00:00:00+00', NULL, ' ', 'c5'),
                  (6, 'a', 'succeeded', NULL, NULL, ' ', 'c6')
                """,
            ], database: database)
            let url = try TestServer.url(database: database)
            let listing = run(["sql", "--policy", "--db", url])
            let shell = try ExternalTool.run(psql, [url, "-X", "-q", "-A", "-F", "|", "-P", "footer=off", "-v", "ON_ERROR_STOP=1"], input: listing.output)
            #expect(shell.status == 0, "\(shell.errors)")
            let numbers = try Numbers(shell: shell.output)
            #expect(numbers == (try Self.audit(["--db", url])), "\(statusType) / \(traceType)")
            #expect(numbers.violationIds == ["1"] && numbers.hasTrace == 1 && numbers.legacyMissing == 0 && numbers.undatedHasTrace == 1)
        }
    }

    /// The listing says what it assumes, and which dialect it printed.
    @Test func listingNamesItsDialectAndCutoff() throws {
        let documented = run(["sql", "--policy", "--cutoff", "2026-03-01", "--table", "jobs"], environment: [:])
        #expect(documented.code == .passed, "\(documented.errors)")
        #expect(documented.output.contains("No --db: PostgreSQL's SQL"))
        #expect(documented.output.contains("'2026-03-01T00:00:00Z'") && documented.output.contains(#"FROM "public"."jobs""#))
        let snapshot = run(["sql", "--policy", "--db", "sqlite:x.sqlite"])
        #expect(snapshot.output.contains("'2026-02-01 00:00:00.000000'") && snapshot.output.contains(#"FROM "main"."executor_jobs""#))
        #expect(!snapshot.output.contains("{{"))
        // One comment line per query, and five queries.
        for output in [documented.output, snapshot.output] {
            let queries = output.components(separatedBy: "\n\n").dropFirst()
            #expect(queries.count == 5)
            #expect(queries.allSatisfy { $0.split(separator: "\n").filter { $0.hasPrefix("--") }.count == 1 })
        }
    }

    /// `sql --policy` takes the cutoff, the table and the database; anything else is refused.
    @Test(arguments: [
        (["sql", "--policy", "--since", "1d"], "--since does not change sql --policy"),
        (["sql", "--policy", "--placeholders"], "--placeholders does not change sql --policy"),
        (["sql", "daily", "--policy", "--db", "x.sqlite"], "--policy goes with sql, not sql daily"),
        (["--policy", "--db", "x.sqlite"], "--policy goes with sql, not check"),
    ])
    func otherOptionsAreRefused(arguments: [String], message: String) {
        let result = run(arguments)
        #expect(result.code == .usageError)
        #expect(result.errors.hasPrefix("traceaudit: error: \(message)"), "\(result.errors)")
    }
}
