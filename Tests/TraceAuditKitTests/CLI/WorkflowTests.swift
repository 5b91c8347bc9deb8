import Foundation
import Testing
@testable import TraceAuditKit

/// The on-call, CI and cron workflows: subcommands, windows, --output, --quiet, --warn-only, sql.
@Suite("Workflows")
struct WorkflowTests {
    static func jobs() -> [Job] {
        [
            Job(id: 1, createdAt: "2026-02-10 08:00:00+00", type: "send_email", traceId: nil),
            Job(id: 2, createdAt: "2026-02-11 08:00:00-05", type: "send_email", traceId: ""),  // 13:00Z
            Job(id: 3, createdAt: .integer(1_770_908_400), type: "charge", traceId: nil),  // 2026-02-12T15:00Z
            Job(id: 4, createdAt: "2026-02-12 10:00:00Z", type: "charge"),
            Job(id: 5, createdAt: "2026-01-20 10:00:00Z", type: "charge", traceId: nil),
            Job(id: 6, createdAt: nil, type: "charge", traceId: nil),
            Job(id: 7, createdAt: "2026-02-12 11:00:00Z", status: "failed", type: "charge", traceId: nil),
        ]
    }

    @Test func violationsDiagnosis() throws {
        let file = try SnapshotFile(jobs: Self.jobs())
        let result = run(["violations", "--db", file.path, "--format", "json"])
        #expect(result.code == .violations)
        let json = try result.json
        #expect(json["command"] as? String == "violations")
        #expect(json.int("violations.count") == 3)
        #expect(json.value("violations.first") as? String == "2026-02-10T08:00:00Z")
        #expect(json.value("violations.last") as? String == "2026-02-12T15:00:00Z")
        let byType = try #require(json.value("violations.by_type") as? [[String: Any]])
        #expect(byType.map { $0["type"] as? String } == ["send_email", "charge"])
        #expect(byType.map { $0["count"] as? Int } == [2, 1])
        #expect((json.value("violations.rows") as? [[String: Any]])?.map { $0["id"] as? String } == ["3", "2", "1"])
        #expect(json.int("undated.missing_trace") == 1)
        #expect(json["legacy"] is NSNull)
        #expect(json["daily"] is NSNull)
        let table = run(["violations", "--db", file.path])
        #expect(table.output.contains("Next: find each job's logs by correlation_id"))
        #expect(table.output.contains("send_email           2"))
    }

    /// A window narrows every check; undated jobs are still counted.
    @Test(arguments: [
        (["--since", "2026-02-11"], 2, ["3", "2"]),
        (["--since", "2026-02-11T13:00:00Z"], 2, ["3", "2"]),
        (["--since", "2026-02-11T13:00:00.000001Z"], 1, ["3"]),
        (["--until", "2026-02-11T13:00:00Z"], 1, ["1"]),
        (["--since", "2026-02-10T08:00:00Z", "--until", "2026-02-12"], 2, ["2", "1"]),
        (["--since", "2026-01-01", "--until", "2026-01-31"], 0, []),
    ])
    func windows(arguments: [String], violations: Int, ids: [String]) throws {
        let file = try SnapshotFile(jobs: Self.jobs())
        for command in ["check", "violations"] {
            let json = try run([command, "--db", file.path, "--format", "json"] + arguments).json
            #expect(json.int("violations.count") == violations)
            #expect((json.value("violations.rows") as? [[String: Any]])?.map { $0["id"] as? String } == ids)
            #expect(json.int("undated.missing_trace") == 1)
        }
        let legacy = try run(["legacy", "--db", file.path, "--format", "json"] + arguments).json
        let coversLegacy = arguments == ["--until", "2026-02-11T13:00:00Z"] || arguments.contains("2026-01-01")
        #expect(legacy.int("legacy.missing_trace") == (coversLegacy ? 1 : 0))
    }

    /// A windowed read on a file with an index on created_at gives the same answers as a full one.
    @Test func windowWithAnIndex() throws {
        let file = try SnapshotFile(jobs: Self.jobs())
        try file.write { db in try SnapshotFile.exec(db, "CREATE INDEX jobs_created_at ON executor_jobs (created_at)") }
        let json = try run(["--db", file.path, "--format", "json", "--since", "2026-02-11"]).json
        #expect(json.int("violations.count") == 2)
        #expect(json.int("distribution.has_trace") == 1)
    }

    @Test func dailyListsEveryDayOfTheRange() throws {
        let file = try SnapshotFile(jobs: Self.jobs())
        let json = try run(["daily", "--db", file.path, "--format", "json", "--days", "5", "--until", "2026-02-14"]).json
        let days = try #require(json["daily"] as? [[String: Any]])
        #expect(days.map { $0["day"] as? String } == ["2026-02-13", "2026-02-12", "2026-02-11", "2026-02-10", "2026-02-09"])
        #expect(days.map { $0.int("total_succeeded") } == [0, 2, 1, 1, 0])
        #expect(days[0]["compliance_percent"] is NSNull)
        #expect((days[1]["compliance_percent"] as? NSNumber)?.doubleValue == 50)
        let table = run(["daily", "--db", file.path, "--days", "5", "--until", "2026-02-14"])
        #expect(table.output.contains("2026-02-13      0           0              0           —"))
    }

    @Test func warnOnlyExitsZeroButNotWhenItCannotCheck() throws {
        let file = try SnapshotFile(jobs: Self.jobs())
        #expect(run(["--db", file.path, "--warn-only"]).code == .passed)
        #expect(run(["--db", file.path, "--warn-only"]).output.contains("FAIL"))
        #expect(run(["--db", file.folder.appendingPathComponent("none").path, "--warn-only"]).code == .cannotCheck)
    }

    @Test func quietPrintsOnlyWhenTheAuditFails() throws {
        let clean = try SnapshotFile(jobs: [Job(id: 1, createdAt: "2026-02-10 00:00:00")])
        let passed = run(["--db", clean.path, "--quiet"])
        #expect(passed.code == .passed)
        #expect(passed.output.isEmpty && passed.errors.isEmpty)
        let failing = try SnapshotFile(jobs: Self.jobs())
        let failed = run(["--db", failing.path, "--quiet"])
        #expect(failed.code == .violations)
        #expect(failed.output.contains("FAIL"))
    }

    @Test func outputIsWrittenAtomically() throws {
        let file = try SnapshotFile(jobs: Self.jobs())
        let target = file.folder.appendingPathComponent("report.json").path
        try "previous".write(toFile: target, atomically: true, encoding: .utf8)
        let result = run(["--db", file.path, "--format", "json", "--output", target])
        #expect(result.code == .violations)
        #expect(result.output.isEmpty)
        let written = try String(contentsOfFile: target, encoding: .utf8)
        #expect(try JSONSerialization.jsonObject(with: Data(written.utf8)) is [String: Any])
        let failed = run(["--db", file.folder.appendingPathComponent("none.sqlite").path, "--format", "json", "--output", target])
        #expect(failed.code == .cannotCheck)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == written)
        #expect(file.folderContents == ["jobs.sqlite", "report.json"])
        let prometheus = file.folder.appendingPathComponent("traceaudit.prom").path
        #expect(run(["--db", "/nonexistent.sqlite", "--format", "prometheus", "--output", prometheus]).code == .cannotCheck)
        #expect(try String(contentsOfFile: prometheus, encoding: .utf8).contains("traceaudit_up{table=\"main.executor_jobs\"} 0"))
        let attributes = try FileManager.default.attributesOfItem(atPath: prometheus)
        #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o044 } == 0o044)
    }

    @Test func outputIntoAMissingFolderFails() throws {
        let file = try SnapshotFile(jobs: Self.jobs())
        let result = run(["--db", file.path, "--output", file.folder.appendingPathComponent("no/such/report.txt").path])
        #expect(result.code == .cannotCheck)
        #expect(result.errors.contains("cannot write --output"))
        #expect(file.folderContents == ["jobs.sqlite"])
    }

    /// `sql` prints what runs, with parameters, and opens nothing.
    @Test func sqlListingRunsNothing() throws {
        let sqlite = run(["sql", "violations", "--db", "/nonexistent/snapshot.sqlite", "--since", "2026-02-11"])
        #expect(sqlite.code == .passed)
        #expect(sqlite.output.contains("-- Queries/sqlite/violation-scan-window.sql"))
        #expect(sqlite.output.contains("-- Queries/sqlite/violations-by-rowid.sql"))
        #expect(sqlite.output.contains("WHERE status = 'succeeded'"))
        #expect(sqlite.output.contains("(created_at >= '2026-02-10' AND created_at < X'')"))
        let all = run(["sql", "violations", "--db", "/nonexistent/snapshot.sqlite", "--since", "2026-02-11", "--all"])
        #expect(all.output.contains("-- Queries/sqlite/violations-window.sql"))
        #expect(sqlite.output.contains("FROM \"main\".\"executor_jobs\""))
        let postgres = run(["sql", "--db", "postgresql://u:hunter2@127.0.0.1:1/x", "--table", "audit.jobs"])
        #expect(postgres.code == .passed)
        #expect(postgres.output.contains("created_at >= '2026-02-01 00:00:00.000000' AS post"))
        #expect(postgres.output.contains("FROM \"audit\".\"jobs\""))
        #expect(postgres.output.contains("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;"))
        #expect(!postgres.output.contains("hunter2"))
        let placeholders = run(["sql", "--db", "postgresql://u:hunter2@127.0.0.1:1/x", "--placeholders"])
        #expect(placeholders.output.contains("-- $2 = '2026-02-01 00:00:00.000000'"))
        #expect(placeholders.output.contains("created_at >= $2 AS post"))
    }

    /// `violations --all` streams every row; a closed pipe ends the run quietly.
    @Test func allRowsStream() throws {
        let jobs = (1...3000).map { Job(id: .integer(Int64($0)), createdAt: .integer(1_770_000_000 + Int64($0)), traceId: nil) }
        let file = try SnapshotFile(jobs: jobs)
        let result = run(["violations", "--db", file.path, "--all", "--format", "json"])
        let rows = try #require(try result.json.value("violations.rows") as? [[String: Any]])
        #expect(rows.count == 3000)
        #expect(rows.first?["id"] as? String == "3000")
        let table = run(["violations", "--db", file.path, "--all"])
        #expect(table.output.split(separator: "\n").filter { $0.hasPrefix("  ") && $0.contains("2026-02-02") && $0.hasSuffix("NULL") }.count == 3000)
        let piped = try runProcess("/bin/bash", ["-c", "'\(executableURL.path)' violations --db '\(file.path)' --all | head -3 >/dev/null; echo ${PIPESTATUS[0]}"])
        #expect(piped.errors.isEmpty)
        #expect(piped.output == "1\n")
    }
}
