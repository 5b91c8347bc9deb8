import Foundation
import Testing
@testable import TraceAuditKit

/// `--max-parallel N` caps the server's parallel workers for the audit's own transaction.
@Suite("PostgreSQL --max-parallel", .enabled(if: TestServer.enabled), .serialized, .timeLimit(.minutes(5)))
struct MaxParallelTests {
    /// The plans the audit runs (read by doctor inside the audit's transaction): parallel workers by
    /// default on a table large enough, none with --max-parallel 0; the same results either way;
    /// `sql` shows the setting.
    @Test func zeroRunsInOneProcess() throws {
        try TestServer.withSchema { schema in
            let table = "\(schema).executor_jobs"
            try TestServer.execute([
                TestServer.createJobs(table),
                """
                INSERT INTO \(table)
                SELECT g, 't' || (g % 3), CASE WHEN g % 5 = 0 THEN 'failed' ELSE 'succeeded' END,
                       '2026-01-01 00:00:00+00'::timestamptz + g * interval '20 seconds', NULL,
                       CASE WHEN g % 97 = 0 THEN NULL ELSE 'x' END, 'c'
                FROM generate_series(1, 300000) AS g
                """,
                "ANALYZE \(table)",
            ])
            let base = ["--db", try TestServer.requireURL(), "--table", table, "--format", "json"]
            func plan(_ extra: [String]) throws -> String {
                let doctor = run(["doctor"] + base + extra)
                #expect(doctor.code == .passed, "\(doctor.errors)")
                let plans = try #require(try doctor.json["plans"] as? [[String: Any]])
                return ((plans.first?["plan"] as? [String]) ?? []).joined(separator: "\n")
            }
            let parallel = try plan([])
            #expect(parallel.contains("Workers Planned"), "\(parallel)")
            let single = try plan(["--max-parallel", "0"])
            #expect(!single.contains("Gather") && !single.contains("Workers Planned"), "\(single)")

            let capped = run(base + ["--max-parallel", "0"])
            let free = run(base)
            #expect(capped.code == .violations, "\(capped.errors)")
            var cappedJSON = try capped.json
            var freeJSON = try free.json
            for key in ["source", "generated_at"] {
                cappedJSON[key] = nil
                freeJSON[key] = nil
            }
            #expect(NSDictionary(dictionary: cappedJSON) == NSDictionary(dictionary: freeJSON))

            let listing = run(["sql", "--db", try TestServer.requireURL(), "--max-parallel", "0"])
            #expect(listing.output.contains("SELECT pg_catalog.set_config('max_parallel_workers_per_gather', '0', true);"), "\(listing.output)")
        }
    }
}

/// `--max-parallel` on the command line: a whole number for a PostgreSQL target only.
@Suite("--max-parallel parsing")
struct MaxParallelParsingTests {
    @Test func readAndRefused() throws {
        guard case .tableCheck(let options) = try Command.parse(["check", "--db", "postgresql://a@b/c", "--max-parallel", "0"]) else {
            throw TestFailure("not a table check")
        }
        #expect(options.database.maxParallelWorkers == 0)
        let sqlite = run(["check", "--db", "snap.sqlite", "--max-parallel", "1"])
        #expect(sqlite.code == .usageError)
        #expect(sqlite.errors.hasPrefix("traceaudit: error: --max-parallel applies to PostgreSQL only"), "\(sqlite.errors)")
        let negative = run(["check", "--db", "postgresql://a@b/c", "--max-parallel", "-1"])
        #expect(negative.code == .usageError)
        #expect(negative.errors.contains("is not a whole number of workers"), "\(negative.errors)")
    }
}
