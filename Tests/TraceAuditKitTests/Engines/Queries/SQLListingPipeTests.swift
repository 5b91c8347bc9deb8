import Foundation
import Testing
@testable import TraceAuditKit

/// `traceaudit sql CMD … | psql` and `… | sqlite3 FILE` run as printed and select exactly what the
/// audit counts: the listing is the plan the engines execute.
@Suite("sql output runs in psql and sqlite3")
struct SQLListingPipeTests {
    /// The counts an audit reports, from its JSON.
    struct Counts: Equatable, CustomStringConvertible {
        var legacyTotal = 0, legacyMissing = 0, hasTrace = 0, violations = 0, undatedMissing = 0, undatedHasTrace = 0

        init() {}

        init(json: [String: Any]) {
            legacyTotal = json.int("legacy.total_succeeded") ?? -1
            legacyMissing = json.int("legacy.missing_trace") ?? -1
            hasTrace = json.int("distribution.has_trace") ?? -1
            violations = json.int("violations.count") ?? -1
            undatedMissing = json.int("undated.missing_trace") ?? -1
            undatedHasTrace = json.int("undated.has_trace") ?? -1
        }

        var description: String {
            "legacy \(legacyTotal)/\(legacyMissing) traced \(hasTrace) violations \(violations) undated \(undatedMissing)/\(undatedHasTrace)"
        }
    }

    /// The result sets of a shell's output with headers on, by header line; with `firstOnly`, only
    /// the first set under each header (the audit's scan, not the e-mail trend's scan after it).
    static func resultSets(_ output: String, headers: [String], firstOnly: Bool = false) -> [String: [[String]]] {
        var sets: [String: [[String]]] = [:]
        var current: String?
        for line in output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) where !line.isEmpty {
            if let header = headers.first(where: { line == $0 || ($0.hasSuffix("|") && line.hasPrefix($0)) }) {
                guard !firstOnly || sets[header] == nil else {
                    current = nil
                    continue
                }
                current = header
                sets[header, default: []] += []
            } else if let current {
                sets[current, default: []].append(line.split(separator: "|", omittingEmptySubsequences: false).map(String.init))
            }
        }
        return sets
    }

    @Test(.enabled(if: ExternalTool.installed("sqlite3")), arguments: [["check"], ["check", "--since", "2026-01-30", "--until", "2026-02-05"], ["legacy"], ["violations", "--limit", "3"]])
    func sqliteListingRunsInSqlite3(arguments: [String]) throws {
        let sqlite3 = try ExternalTool.path("sqlite3", package: "sqlite3")
        let file = try SnapshotFile(jobs: ParityData.jobs().map(\.sqlite))
        let before = try Data(contentsOf: URL(fileURLWithPath: file.path))
        let listing = run(["sql"] + arguments + ["--db", file.path])
        #expect(listing.code == .passed, "\(listing.errors)")
        let shell = try ExternalTool.run(sqlite3, ["-readonly", "-bail", "-header", "-separator", "|", file.path], input: listing.output)
        #expect(shell.status == 0, "\(shell.errors)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: file.path)) == before)

        // The last column is the rowid, named after the column that aliases it, if any.
        let scanHeader = "created_at|missing_trace|type|"
        let sets = Self.resultSets(shell.output, headers: [scanHeader])
        let rows = try #require(sets[scanHeader], "no scan rows in: \(shell.output.prefix(400))")
        let audit = try auditJSON(file, arguments)
        let cutoff = Policy().cutoff
        let window = TimeWindow(
            since: arguments.firstIndex(of: "--since").flatMap { Instant(parsing: arguments[$0 + 1]) },
            until: arguments.firstIndex(of: "--until").flatMap { Instant(parsing: arguments[$0 + 1]) })
        var counts = Counts()
        for row in rows {
            let missing = row[1] == "1"
            // sqlite3 prints an INTEGER as its digits; the fixtures hold no digit-only text.
            let instant = Int64(row[0]).flatMap { Instant(unixSeconds: $0) } ?? Instant(parsing: row[0])
            guard let instant else {
                if missing { counts.undatedMissing += 1 } else { counts.undatedHasTrace += 1 }
                continue
            }
            guard window.contains(instant) else { continue }
            if instant < cutoff {
                counts.legacyTotal += 1
                if missing { counts.legacyMissing += 1 }
            } else if missing {
                counts.violations += 1
            } else {
                counts.hasTrace += 1
            }
        }
        var expected = Counts(json: audit)
        if arguments.first == "violations" {
            // The violations check reads only the jobs without a trace.
            #expect(rows.allSatisfy { $0[1] == "1" })
            expected.legacyTotal = counts.legacyTotal
            expected.legacyMissing = counts.legacyMissing
            expected.hasTrace = 0
            expected.undatedHasTrace = 0
        }
        #expect(counts == expected, "\(arguments)")
        #expect(counts.violations > 0)
    }

    @Test(
        .enabled(if: TestServer.enabled),
        arguments: [["check"], ["check", "--since", "2026-01-30", "--until", "2026-02-05"], ["violations", "--limit", "3"], ["daily", "--days", "3", "--until", "2026-02-06"]])
    func postgresListingRunsInPsql(arguments: [String]) throws {
        let psql = try LocalCluster.bin() + "/psql"
        let jobs = ParityData.jobs()
        try TestServer.withSchema { schema in
            let table = "\(schema).executor_jobs"
            try TestServer.execute([TestServer.createJobs(table)] + ParityData.inserts(jobs, table: table))
            let url = try TestServer.requireURL()
            let listing = run(["sql"] + arguments + ["--db", url, "--table", table])
            #expect(listing.code == .passed, "\(listing.errors)")
            let shell = try ExternalTool.run(
                psql, [url, "-X", "-q", "-A", "-F", "|", "-P", "footer=off", "-v", "ON_ERROR_STOP=1"], input: listing.output)
            #expect(shell.status == 0, "\(shell.errors)")

            let scanHeader = "era|day_number|violation|post_type|total|missing|first_violation|last_violation|newest"
            let violationScanHeader = "era|type|total|first_violation|last_violation"
            let rowsHeader = "id|type|created_at|updated_at|correlation_id|trace_id"
            let undatedHeader = "id"
            // A listing of check or daily ends with the scan over the e-mail trend's days before its window.
            let sets = Self.resultSets(shell.output, headers: [scanHeader, violationScanHeader, rowsHeader, undatedHeader], firstOnly: true)
            let audit = run(arguments + ["--db", url, "--table", table, "--format", "json"])
            let json = try audit.json
            var counts = Counts()
            if arguments.first == "violations" {
                for row in try #require(sets[violationScanHeader]) {
                    let total = Int(row[2]) ?? 0
                    switch row[0] {
                    case "2": counts.violations += total
                    case "1": counts.legacyMissing += total
                    default: counts.undatedMissing += total
                    }
                }
                #expect(counts.violations == json.int("violations.count"))
                #expect(counts.undatedMissing == json.int("undated.missing_trace"))
            } else {
                for row in try #require(sets[scanHeader]) {
                    let total = Int(row[4]) ?? 0
                    let missing = Int(row[5]) ?? 0
                    switch row[0] {
                    case "2":
                        counts.violations += missing
                        counts.hasTrace += total - missing
                    case "1":
                        counts.legacyTotal += total
                        counts.legacyMissing += missing
                    default:
                        counts.undatedMissing += missing
                        counts.undatedHasTrace += total - missing
                    }
                }
                #expect(counts == Counts(json: json), "\(arguments)")
            }
            if let rows = sets[rowsHeader] {
                let listed = ((json.value("violations.rows") as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
                #expect(rows.map { $0[0] } == listed)
            } else {
                #expect(!["check", "violations"].contains(arguments[0]))
            }
            #expect(counts.violations > 0)
            let undatedIds = (json.value("undated.ids") as? [Any])?.compactMap { $0 as? String } ?? []
            #expect((sets[undatedHeader] ?? []).map { $0[0] } == undatedIds, "\(arguments)")
        }
    }
}
