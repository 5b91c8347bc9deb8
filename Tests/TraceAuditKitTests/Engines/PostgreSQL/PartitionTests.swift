import Foundation
import Testing
@testable import TraceAuditKit

/// `executor_jobs` partitioned by range of created_at, monthly, with a default partition
/// (issue 12 item 4).
@Suite("PostgreSQL partitioned tables", .enabled(if: TestServer.enabled), .serialized, .timeLimit(.minutes(5)))
struct PartitionTests {
    /// The parent and its partitions: December 2025 to March 2026, and a default one (NULL and
    /// every other created_at).
    static func partitioned(_ table: String) -> [String] {
        let months = [("2025_12", "2025-12-01", "2026-01-01"), ("2026_01", "2026-01-01", "2026-02-01"),
                      ("2026_02", "2026-02-01", "2026-03-01"), ("2026_03", "2026-03-01", "2026-04-01")]
        return [
            """
            CREATE TABLE \(table) (id bigint, type text, status text, created_at timestamptz, updated_at timestamptz,
              trace_id text, correlation_id text) PARTITION BY RANGE (created_at)
            """,
        ] + months.map { name, from, to in
            "CREATE TABLE \(table)_\(name) PARTITION OF \(table) FOR VALUES FROM ('\(from) 00:00:00+00') TO ('\(to) 00:00:00+00')"
        } + [
            "CREATE TABLE \(table)_default PARTITION OF \(table) DEFAULT",
            "CREATE INDEX ON \(table) (created_at)",
        ]
    }

    /// Every command gives the same JSON on the partitioned table as on an unpartitioned copy.
    @Test func everyCheckMatchesAnUnpartitionedCopy() throws {
        let jobs = ParityData.jobs(count: 1500)
        try TestServer.withSchema { schema in
            let parted = "\(schema).executor_jobs"
            let plain = "\(schema).plain_jobs"
            try TestServer.execute(
                Self.partitioned(parted) + ParityData.inserts(jobs, table: parted)
                    + [TestServer.createJobs(plain)] + ParityData.inserts(jobs, table: plain) + ["ANALYZE \(parted)"])
            let url = try TestServer.requireURL()
            let cases = [
                ["check", "--limit", "2000"], ["violations", "--all"], ["violations", "--since", "2026-02-03", "--limit", "7"],
                ["check", "--since", "2026-01-20", "--until", "2026-02-05T12:00:00Z"], ["daily", "--days", "10", "--until", "2026-02-10"],
                ["legacy"], ["distribution", "--since", "2026-02-01"],
            ]
            for arguments in cases {
                let fromParted = run(["--db", url, "--table", parted, "--format", "json"] + arguments)
                let fromPlain = run(["--db", url, "--table", plain, "--format", "json"] + arguments)
                #expect(fromParted.code == .violations, "\(fromParted.errors)")
                var parsedParted = try fromParted.json
                var parsedPlain = try fromPlain.json
                #expect(parsedParted.int("violations.count") == ParityData.expectedViolations(jobs, arguments: arguments), "\(arguments)")
                parsedParted["source"] = nil
                parsedPlain["source"] = nil
                parsedParted["generated_at"] = nil
                parsedPlain["generated_at"] = nil
                #expect(try canonical(parsedParted) == canonical(parsedPlain), "\(arguments)")
            }
            let readiness = run(["readiness", "--db", url, "--table", parted, "--format", "json"])
            #expect(readiness.code == .violations || readiness.code == .passed, "\(readiness.errors)")
        }
    }

    /// With --since the planner reads only the partitions the window needs (and the default one,
    /// which holds NULL created_at): the plan of the scan that runs names no earlier month.
    @Test func sinceScansOnlyThePartitionsItNeeds() throws {
        try TestServer.withSchema { schema in
            let table = "\(schema).executor_jobs"
            try TestServer.execute(Self.partitioned(table))
            guard case .tableCheck(let options) = try Command.parse(
                ["check", "--db", "postgresql://x/y", "--table", table, "--since", "2026-02-10", "--until", "2026-03-05"])
            else { throw TestFailure("not a check") }
            let connection = try TestServer.admin()
            try connection.execute("SET TimeZone = 'UTC'") { _ in }
            for plan in [
                AuditPlan(.check, options.report.request, rowLimit: 10, dialect: .postgresql, timeoutMilliseconds: 1000),
                AuditPlan(.violations, options.report.request, rowLimit: 10, dialect: .postgresql, timeoutMilliseconds: 1000),
            ] {
                for statement in [plan.scan()] + [plan.rows].compactMap({ $0 }) {
                    let lines = try connection.execute("EXPLAIN " + statement.sql, statement.postgresParameters) { rows in
                        (0..<rows.count).compactMap { rows.text(row: $0, column: 0) }
                    }
                    let plan = lines.joined(separator: "\n")
                    #expect(plan.contains("executor_jobs_2026_02"), "\(plan)")
                    #expect(plan.contains("executor_jobs_2026_03"), "\(plan)")
                    #expect(!plan.contains("executor_jobs_2026_01"), "\(plan)")
                    #expect(!plan.contains("executor_jobs_2025_12"), "\(plan)")
                }
            }
        }
    }

    /// doctor sums the partitions' sizes (not "0 B"), lists each partition with its bounds, size and
    /// indexes, and gives index DDL for the parent.
    @Test func doctorReportsEachPartition() throws {
        let jobs = ParityData.jobs(count: 1500)
        try TestServer.withSchema { schema in
            let table = "\(schema).executor_jobs"
            try TestServer.execute(Self.partitioned(table) + ParityData.inserts(jobs, table: table) + ["ANALYZE \(table)"])
            let url = try TestServer.requireURL()
            let json = try run(["doctor", "--db", url, "--table", table, "--format", "json"]).json
            #expect(json.value("partitioned") as? Bool == true)
            #expect((json.int("total_bytes") ?? 0) > 8192)
            #expect((json.int("row_estimate") ?? 0) == 1504)
            let partitions = try #require(json["partitions"] as? [[String: Any]])
            #expect(partitions.count == 5)
            let february = try #require(partitions.first { ($0["name"] as? String)?.hasSuffix("executor_jobs_2026_02") == true })
            #expect((february["bound"] as? String)?.contains("2026-02-01") == true)
            #expect((february["total_bytes"] as? Int ?? 0) > 0)
            #expect((february["indexes"] as? [[String: Any]])?.first?["definition"] as? String != nil)
            let ddl = (json["suggestions"] as? [[String: Any]])?.compactMap { $0["ddl"] as? String } ?? []
            #expect(ddl.count == 2)
            #expect(ddl.allSatisfy { $0.contains("ON \"\(schema)\".\"executor_jobs\"") && !$0.contains("CONCURRENTLY") }, "\(ddl)")

            let text = run(["doctor", "--db", url, "--table", table])
            #expect(text.output.contains("partitioned: 5 partitions"), "\(text.output)")
            #expect(!text.output.contains("size 0 B"), "\(text.output)")
        }
    }

    private func canonical(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
}
