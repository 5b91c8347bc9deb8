import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import TraceAuditKit

/// Adopting the gate on a table with known violations: `--baseline` acknowledges them (new ones
/// still fail, stale entries are listed), and `--max-violations`/`--min-compliance` ratchet a
/// rollout. Checked on both engines.
@Suite("Baselines and thresholds")
struct BaselineTests {
    /// Violations 1 to 6 (job 6 newest), traced jobs 7 and 8, one legacy job without a trace.
    static let jobs: [(id: Int64, day: Int, traced: Bool)] =
        (1...6).map { ($0, 10 + Int($0), false) } + [(7, 9, true), (8, 9, true)]

    static func snapshot(extra: [(id: Int64, day: Int, traced: Bool)] = []) throws -> SnapshotFile {
        try SnapshotFile(jobs: (jobs + extra).map { job in
            Job(id: .integer(job.id), createdAt: .text("2026-02-\(String(format: "%02d", job.day)) 08:00:00+00"), traceId: job.traced ? "abc" : nil)
        } + [Job(id: 50, createdAt: "2026-01-05 08:00:00+00", traceId: nil)])
    }

    static func postgresInserts(_ table: String) -> [String] {
        (jobs.map { job in
            "INSERT INTO \(table) VALUES (\(job.id), 'send_email', 'succeeded', '2026-02-\(String(format: "%02d", job.day)) 08:00:00+00', NULL, \(job.traced ? "'abc'" : "NULL"), 'req-1')"
        }) + ["INSERT INTO \(table) VALUES (50, 'send_email', 'succeeded', '2026-01-05 08:00:00+00', NULL, NULL, 'req-1')"]
    }

    /// ids 1–3 acknowledged, 7 (traced now) and 99 (gone) stale; 4–6 new.
    static let plainBaseline = "# known before the gate\n1\n  2\t\n\n3\n7\n# removed from the table\n99\n"

    static func write(_ text: String, in folder: ReportRunTests.Folder, _ name: String = "baseline.txt") throws -> String {
        try text.write(toFile: folder.path(name), atomically: true, encoding: .utf8)
        return folder.path(name)
    }

    /// The baseline's numbers in the JSON report, checked against what the data set says.
    static func checkNewAcknowledgedStale(_ target: [String], baseline: String, limit: [String]) throws -> [String: Any] {
        let result = run(target + ["check", "--format", "json", "--baseline", baseline] + limit)
        #expect(result.code == .violations, "\(result.errors)")
        let json = try result.json
        #expect(json.int("violations.count") == 6)
        #expect(json.int("baseline.acknowledged") == 3, "every violation counts, not only the rows listed")
        #expect(json.int("baseline.new") == 3)
        #expect(json.value("baseline.stale") as? [String] == ["7", "99"])
        #expect(json.value("verdict.decided_by") as? String == "max_violations")
        #expect(json.value("passed") as? Bool == false)
        let rows = try #require(json.value("violations.rows") as? [[String: Any]])
        for row in rows {
            let id = Int(row["id"] as? String ?? "") ?? 0
            #expect(row["acknowledged"] as? Bool == (id <= 3), "row \(id)")
        }
        return json
    }

    @Test(arguments: [[], ["--limit", "2"], ["--limit", "0"], ["--all"]])
    func newAcknowledgedAndStaleOnSQLite(limit: [String]) throws {
        let file = try Self.snapshot()
        let folder = try ReportRunTests.Folder()
        let baseline = try Self.write(Self.plainBaseline, in: folder)
        _ = try Self.checkNewAcknowledgedStale(["--db", file.path], baseline: baseline, limit: limit)
    }

    @Test(.enabled(if: TestServer.enabled)) func newAcknowledgedAndStaleOnPostgreSQL() throws {
        let folder = try ReportRunTests.Folder()
        let baseline = try Self.write(Self.plainBaseline, in: folder)
        let file = try Self.snapshot()
        try TestServer.withSchema { schema in
            let table = "\(schema).executor_jobs"
            try TestServer.execute([TestServer.createJobs(table)] + Self.postgresInserts(table))
            for limit in [[], ["--limit", "2"], ["--all"]] {
                var postgres = try Self.checkNewAcknowledgedStale(
                    ["--db", try TestServer.requireURL(), "--table", table], baseline: baseline, limit: limit)
                var sqlite = try Self.checkNewAcknowledgedStale(["--db", file.path], baseline: baseline, limit: limit)
                for key in ["source", "generated_at"] {
                    postgres[key] = nil
                    sqlite[key] = nil
                }
                #expect(try PgBouncerTests.canonical(postgres) == PgBouncerTests.canonical(sqlite), "\(limit)")
            }
            // A baseline made from the server's own report acknowledges all: the gate passes.
            let made = run(["violations", "--db", try TestServer.requireURL(), "--table", table, "--all", "--format", "json"])
            let path = try Self.write(made.output, in: folder, "pg.json")
            let gated = run(["--db", try TestServer.requireURL(), "--table", table, "--baseline", path, "--format", "json"])
            #expect(gated.code == .passed, "\(gated.errors)")
            #expect(try gated.json.value("verdict.decided_by") as? String == "baseline")
        }
    }

    /// The documented adoption (docs/workflows.md): `violations --all --format json > baseline.json`, then the gate
    /// passes until a new violation appears.
    @Test func aReportIsABaselineAndANewViolationFails() throws {
        let folder = try ReportRunTests.Folder()
        let file = try Self.snapshot()
        let made = run(["violations", "--db", file.path, "--all", "--format", "json"])
        let baseline = try Self.write(made.output, in: folder, "baseline.json")
        let clean = run(["--db", file.path, "--baseline", baseline, "--output", folder.path("r.txt")])
        #expect(clean.code == .passed)
        #expect(clean.errors.hasPrefix("traceaudit: PASS: 6 violations"))
        #expect(clean.errors.contains("decided by all 6 violations are in the baseline; baseline: 6 acknowledged, 0 new\n"))

        let grown = try Self.snapshot(extra: [(9, 20, false)])
        let folderReports = ["--report", "junit=\(folder.path("t.xml"))", "--report", "markdown=\(folder.path("s.md"))",
                             "--report", "prometheus=\(folder.path("m.prom"))", "--report", "json=\(folder.path("r.json"))"]
        let failed = run(["--db", grown.path, "--baseline", baseline, "--format", "github"] + folderReports)
        #expect(failed.code == .violations)
        #expect(failed.errors.hasPrefix("traceaudit: FAIL: 7 violations"))
        #expect(failed.errors.contains("decided by 1 not in the baseline against --max-violations 0; baseline: 6 acknowledged, 1 new"))

        // Every format says which rows are acknowledged and what decided.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(folder.read("r.json").utf8)) as? [String: Any])
        #expect(json.int("baseline.new") == 1 && json.int("baseline.acknowledged") == 6)
        let commands = try GitHubAnnotationTests.checkRunnerRules(failed.output)
        #expect(commands.first?.message.contains("baseline: 6 acknowledged, 1 new") == true)
        #expect(commands.filter { $0.properties["title"] == "Trace-ID policy violation" }.map { $0.message.hasPrefix("Job 9 ") } == [true])
        #expect(commands.filter { $0.properties["title"] == "Acknowledged trace-ID violation (baseline)" }.count == 6)
        let junit = try JUnitDocument(try folder.read("t.xml"))
        let failure = try #require(junit.root.all("failure").first)
        #expect(failure.attributes["message"]?.contains("(1 not in the baseline against --max-violations 0)") == true)
        #expect(failure.text.split(separator: "\n").filter { $0.hasSuffix(" acknowledged") }.count == 6)
        let markdown = try folder.read("s.md")
        #expect(markdown.contains("| Baseline | 6 acknowledged, 1 new, 0 stale |"))
        #expect(markdown.components(separatedBy: " | acknowledged |").count == 7)
        let samples = try PrometheusSamples(try folder.read("m.prom"))
        #expect(samples["traceaudit_acknowledged_violations"] == 6)
        #expect(samples["traceaudit_stale_baseline_entries"] == 0)
        #expect(samples["traceaudit_passed"] == 0)
        let csv = run(["violations", "--db", grown.path, "--baseline", baseline, "--format", "csv", "--all"]).output
        #expect(csv.hasPrefix("id,type,created_at,updated_at,correlation_id,trace_id,acknowledged\r\n"))
        #expect(csv.split(separator: "\r\n").dropFirst().map { $0.hasSuffix(",true") } == [false] + Array(repeating: true, count: 6))
    }

    /// A stale id comes from the baseline file: it is escaped wherever it is shown.
    @Test func hostileStaleIdsAreEscaped() throws {
        let folder = try ReportRunTests.Folder()
        let file = try Self.snapshot()
        let baseline = try Self.write("1\nevil\u{1B}[31m\u{7}%0A::error::x\n", in: folder)
        for format in ["table", "github", "markdown", "junit"] {
            let result = run(["--db", file.path, "--baseline", baseline, "--format", format, "--report", "json=\(folder.path("r.json"))"])
            #expect(result.code == .violations)
            #expect(!result.output.contains("\u{1B}") && !result.output.contains("\u{7}"), "\(format)")
            #expect(!result.errors.contains("\u{1B}") && result.errors.split(separator: "\n").count == 1)
            if format == "github" { _ = try GitHubAnnotationTests.checkRunnerRules(result.output) }
            if format == "junit" { _ = try JUnitDocument(result.output) }
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(folder.read("r.json").utf8)) as? [String: Any])
        #expect(json.value("baseline.stale") as? [String] == ["evil\u{1B}[31m\u{7}%0A::error::x"])
    }

    @Test func aTruncatedReportIsNoBaseline() throws {
        let folder = try ReportRunTests.Folder()
        let file = try Self.snapshot()
        let made = run(["violations", "--db", file.path, "--limit", "2", "--format", "json"])
        let baseline = try Self.write(made.output, in: folder, "baseline.json")
        let result = run(["--db", file.path, "--baseline", baseline])
        #expect(result.code == .cannotCheck)
        #expect(result.errors.contains("lists 2 of 6 violations (made with a --limit); make it with traceaudit violations --all --format json"))
        #expect(run(["--db", file.path, "--baseline", folder.path("missing.txt")]).code == .cannotCheck)
        let broken = try Self.write("{\"violations\": 3}", in: folder, "broken.json")
        #expect(run(["--db", file.path, "--baseline", broken]).errors.contains("is not a traceaudit JSON report"))
    }

    /// `sql` lists what runs: with a baseline, the read of every violation after the scan.
    @Test func sqlListsTheBaselineRead() throws {
        let file = try Self.snapshot()
        let plain = run(["sql", "check", "--db", file.path]).output
        let withBaseline = run(["sql", "check", "--db", file.path, "--baseline", "never-read.txt"])
        #expect(withBaseline.code == .passed, "\(withBaseline.errors)")
        let count = { (text: String) -> Int? in
            text.split(separator: "\n").first.flatMap { $0.split(separator: " ").dropLast().last.flatMap { Int($0) } }
        }
        let before = try #require(count(plain))
        #expect(count(withBaseline.output) == before + 1)
    }

    @Test func thresholdsRatchetARollout() throws {
        let file = try Self.snapshot()
        let within = run(["--db", file.path, "--max-violations", "6", "--format", "json"])
        #expect(within.code == .passed)
        #expect(try within.json.value("verdict.decided_by") as? String == "max_violations")
        #expect(try within.json.value("passed") as? Bool == true)
        let over = run(["--db", file.path, "--max-violations", "5", "--format", "junit"])
        #expect(over.code == .violations)
        #expect(try JUnitDocument(over.output).root.all("failure").first?.attributes["message"]?.hasSuffix("(6 against --max-violations 5)") == true)
        // 2 of 8 post-cutoff jobs traced: 25%.
        let compliance = run(["--db", file.path, "--max-violations", "10", "--min-compliance", "30", "--format", "json"])
        #expect(compliance.code == .violations)
        #expect(try compliance.json.value("verdict.decided_by") as? String == "min_compliance")
        #expect(try compliance.json.value("verdict.reason") as? String == "compliance 25.00% against --min-compliance 30.00%")
        let table = run(["--db", file.path, "--max-violations", "10", "--min-compliance", "25%"])
        #expect(table.code == .passed)
        #expect(table.output.contains("decided by 6 violations against --max-violations 10"))
        // Undated jobs without a trace fail whatever the thresholds.
        let undated = try SnapshotFile(jobs: [Job(id: 1, createdAt: "garbage", traceId: nil)])
        let result = run(["--db", undated.path, "--max-violations", "100", "--format", "json"])
        #expect(result.code == .violations)
        #expect(try result.json.value("verdict.decided_by") as? String == "undated")
        // violations reads only the jobs without a trace: no share to report.
        #expect(try run(["violations", "--db", file.path, "--format", "json"]).json.value("verdict.compliance_percent") is NSNull)
        #expect(run(["--db", file.path, "--max-violations", "-1"]).code == .usageError)
        #expect(run(["--db", file.path, "--min-compliance", "101"]).code == .usageError)
    }
}
