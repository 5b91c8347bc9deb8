import Foundation
import Testing

@testable import TraceAuditKit

/// The shape of the full scan's plan on a table large enough for parallel workers: the planner
/// must hash-aggregate in the workers, straight from the table's scan. A Subquery Scan or an
/// Append above the scan means the UNION ALL that hides the statistics costs a node per row again
/// (its inner columns no longer follow the order the outer select names them in); no partial hash
/// aggregate means the group estimate grew past what a hash table holds.
@Suite("PostgreSQL scan plan", .enabled(if: TestServer.enabled), .serialized, .timeLimit(.minutes(2)))
struct ScanPlanTests {
    @Test func theWorkersHashAggregateStraightFromTheTable() throws {
        try TestServer.withSchema { schema in
            let table = "\(schema).executor_jobs"
            try TestServer.execute([
                TestServer.createJobs(table),
                """
                INSERT INTO \(table)
                SELECT i, 'type_' || i % 7, CASE WHEN i % 10 < 8 THEN 'succeeded' ELSE 'failed' END,
                       TIMESTAMPTZ '2026-01-01 00:00:00+00' + i * INTERVAL '1 minute', NULL,
                       CASE WHEN i % 9 = 0 THEN NULL ELSE md5(i::text) END, 'req-' || i
                FROM generate_series(1, 300000) AS i
                """,
                "ANALYZE \(table)",
            ])
            let result = run(["doctor", "--db", try TestServer.requireURL(), "--table", table, "--format", "json"])
            #expect(result.code == .passed, "\(result.errors)")
            let plans = try #require(try result.json["plans"] as? [[String: Any]])
            let check = try #require(plans.first { ($0["check"] as? String)?.hasPrefix("check (every check)") == true })
            let lines = try #require(check["plan"] as? [String])
            let plan = lines.joined(separator: "\n")
            for node in ["Subquery Scan", "Append"] {
                #expect(!plan.contains(node), "\(node) in the scan's plan:\n\(plan)")
            }
            // The workers' aggregate reads the table's scan itself: the next node below it.
            let aggregate = try #require(lines.firstIndex { $0.contains("Partial HashAggregate") }, "\(plan)")
            let below = lines[(aggregate + 1)...].first { $0.contains("->") }
            #expect(below?.contains("Parallel Seq Scan") == true, "\(plan)")
        }
    }
}
