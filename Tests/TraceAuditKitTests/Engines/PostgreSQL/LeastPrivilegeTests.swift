import Foundation
import Testing
@testable import TraceAuditKit

/// The documented least-privilege role (issue 12 item 6), created from docs/postgresql.md's own SQL: every command
/// runs as that role, and as a role granted only the required columns.
@Suite("PostgreSQL least privilege", .enabled(if: TestServer.enabled), .serialized, .timeLimit(.minutes(5)))
struct LeastPrivilegeTests {
    static let root = Repository.root

    /// The statements of the first `sql` block under docs/postgresql.md's "A least-privilege role".
    static func readmeRecipe() throws -> [String] {
        let readme = try Documentation.text()
        guard let section = readme.range(of: "## A least-privilege role\n"),
              let start = readme.range(of: "```sql\n", range: section.upperBound..<readme.endIndex),
              let end = readme.range(of: "```", range: start.upperBound..<readme.endIndex)
        else { throw TestFailure("README.md and docs/ have no sql block under \"A least-privilege role\"") }
        return readme[start.upperBound..<end.lowerBound].split(separator: ";").map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }.filter { !$0.isEmpty }
    }

    static let commands: [[String]] = [
        ["check"], ["violations", "--all"], ["legacy"], ["distribution"], ["daily", "--days", "7"],
        ["logs", root.appendingPathComponent("fixtures/orchestrator.log").path], ["readiness"], ["doctor"],
    ]

    @Test func everyCommandRunsAsTheReadmeRole() throws {
        let role = "ta_" + UUID().uuidString.prefix(8).lowercased()
        try TestServer.withSchema { schema in
            let table = "\(schema).executor_jobs"
            try TestServer.execute([
                TestServer.createJobs(table),
                "INSERT INTO \(table) VALUES (1, 'a', 'succeeded', '2026-02-10 00:00:00+00', '2026-02-10 00:01:00+00', NULL, 'c1'),"
                    + " (2, 'a', 'succeeded', '2026-01-10 00:00:00+00', NULL, 't', 'c2')",
                // Other roles get nothing by default, so the recipe's grants are all the role has.
                "REVOKE ALL ON SCHEMA \(schema) FROM PUBLIC",
            ])
            let recipe = try Self.readmeRecipe().map { statement in
                statement.replacingOccurrences(of: "traceaudit", with: role)
                    .replacingOccurrences(of: "DATABASE orchestrator", with: "DATABASE postgres")
                    .replacingOccurrences(of: "SCHEMA public", with: "SCHEMA \(schema)")
                    .replacingOccurrences(of: "public.executor_jobs", with: table)
            }
            #expect(recipe.count == 4)
            #expect(recipe.last?.contains("GRANT SELECT (id, type, status, created_at, trace_id, updated_at, correlation_id)") == true)
            try TestServer.execute(recipe + ["ALTER ROLE \(role) PASSWORD 'pw'"])
            defer { try? TestServer.execute(["DROP OWNED BY \(role)", "DROP ROLE \(role)"]) }
            let base = try TestServer.requireURL()
            let port = base.split(separator: ":").last?.split(separator: "/").first.map(String.init) ?? "5432"
            let url = "postgresql://\(role):pw@127.0.0.1:\(port)/postgres"

            for command in Self.commands {
                let result = run(command + ["--db", url, "--table", table])
                #expect(result.code == .violations || result.code == .passed, "\(command): \(result.errors)")
            }
            let full = try run(["violations", "--db", url, "--table", table, "--format", "json"]).json
            let row = try #require((full.value("violations.rows") as? [[String: Any]])?.first)
            #expect(row["correlation_id"] as? String == "c1")
            #expect(row["updated_at"] as? String == "2026-02-10T00:01:00Z")

            // Only the required columns: every command still runs, and the optional ones are left out.
            try TestServer.execute(["REVOKE SELECT (updated_at, correlation_id) ON \(table) FROM \(role)"])
            for command in Self.commands {
                let result = run(command + ["--db", url, "--table", table])
                #expect(result.code == .violations || result.code == .passed, "\(command): \(result.errors)")
            }
            let narrow = try run(["violations", "--db", url, "--table", table, "--format", "json"]).json
            let narrowRow = try #require((narrow.value("violations.rows") as? [[String: Any]])?.first)
            #expect(narrowRow["correlation_id"] is NSNull)
            #expect(narrowRow["updated_at"] is NSNull)
            #expect(!run(["violations", "--db", url, "--table", table]).output.contains("CORRELATION_ID"))

            // Without a required column: exit 3 and the GRANT to run.
            try TestServer.execute(["REVOKE SELECT (trace_id) ON \(table) FROM \(role)"])
            let denied = run(["check", "--db", url, "--table", table])
            #expect(denied.code == .cannotCheck)
            #expect(denied.errors.contains("may not read column trace_id"), "\(denied.errors)")
            #expect(denied.errors.contains("GRANT SELECT (id, type, status, created_at, trace_id)"), "\(denied.errors)")
            #expect(!denied.errors.contains("pw@"))
        }
    }
}
