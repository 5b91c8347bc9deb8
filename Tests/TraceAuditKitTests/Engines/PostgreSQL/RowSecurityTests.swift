import Foundation
import Testing
@testable import TraceAuditKit

/// Row-level security must never make the audit count fewer rows: it sees every row or exits 3
/// with the fix. Run as roles that are not superusers (a superuser bypasses row security).
@Suite("Row-level security", .enabled(if: TestServer.enabled), .serialized, .timeLimit(.minutes(5)))
struct RowSecurityTests {
    /// Ten succeeded jobs since the cutoff, each without a trace: ten violations.
    static func withTable<T>(_ body: (_ table: String, _ reader: String, _ owner: String, _ url: (String) throws -> String) throws -> T) throws -> T {
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let reader = "rls_reader_" + suffix
        let owner = "rls_owner_" + suffix
        return try TestServer.withSchema { schema in
            let table = "\(schema).executor_jobs"
            try TestServer.execute([
                "CREATE ROLE \(reader) LOGIN PASSWORD 'pw'",
                "CREATE ROLE \(owner) LOGIN PASSWORD 'pw'",
                "GRANT USAGE ON SCHEMA \(schema) TO \(reader), \(owner)",
                "GRANT CREATE ON SCHEMA \(schema) TO \(owner)",
                TestServer.createJobs(table),
                "ALTER TABLE \(table) OWNER TO \(owner)",
                "INSERT INTO \(table) SELECT g, 'a', 'succeeded', '2026-02-10 00:00:00+00'::timestamptz + g * interval '1 minute', NULL, NULL, 'c' FROM generate_series(1, 10) AS g",
                "GRANT SELECT ON \(table) TO \(reader)",
            ])
            defer { try? TestServer.execute(["DROP OWNED BY \(reader), \(owner)", "DROP ROLE \(reader)", "DROP ROLE \(owner)"]) }
            let base = try TestServer.requireURL()
            let port = base.split(separator: ":").last?.split(separator: "/").first.map(String.init) ?? "5432"
            return try body(table, reader, owner) { role in "postgresql://\(role):pw@127.0.0.1:\(port)/postgres" }
        }
    }

    static func audit(_ url: String, _ table: String) -> RunResult {
        run(["--db", url, "--table", table, "--format", "json"])
    }

    static func expectRefused(_ result: RunResult, role: String) {
        #expect(result.code == .cannotCheck, "\(result.output)")
        #expect(result.errors.hasPrefix("traceaudit: error: row-level security"), "\(result.errors)")
        #expect(result.errors.contains("BYPASSRLS"), "\(result.errors)")
        #expect(result.errors.contains(role), "\(result.errors)")
        #expect(result.errors.split(separator: "\n").count == 1)
    }

    /// Row security enabled with no policy for the auditor would show it no rows (a PASS); a policy
    /// showing half the rows would halve the count. Both exit 3; BYPASSRLS gives the full count.
    @Test func enabledWithoutOrWithAPolicyIsRefused() throws {
        try Self.withTable { table, reader, _, url in
            try TestServer.execute(["ALTER TABLE \(table) ENABLE ROW LEVEL SECURITY"])
            Self.expectRefused(Self.audit(try url(reader), table), role: reader)
            try TestServer.execute(["CREATE POLICY half ON \(table) FOR SELECT TO \(reader) USING (id % 2 = 0)"])
            Self.expectRefused(Self.audit(try url(reader), table), role: reader)
            try TestServer.execute(["ALTER ROLE \(reader) BYPASSRLS"])
            let full = Self.audit(try url(reader), table)
            #expect(full.code == .violations, "\(full.errors)")
            #expect(try full.json.int("violations.count") == 10)
        }
    }

    /// The table's owner is not subject to its row security unless the table forces it.
    @Test func forcedForTheOwnerIsRefused() throws {
        try Self.withTable { table, _, owner, url in
            try TestServer.execute(["ALTER TABLE \(table) ENABLE ROW LEVEL SECURITY"])
            let asOwner = Self.audit(try url(owner), table)
            #expect(asOwner.code == .violations, "\(asOwner.errors)")
            #expect(try asOwner.json.int("violations.count") == 10)
            try TestServer.execute([
                "ALTER TABLE \(table) FORCE ROW LEVEL SECURITY",
                "CREATE POLICY nothing ON \(table) FOR SELECT USING (false)",
            ])
            Self.expectRefused(Self.audit(try url(owner), table), role: owner)
        }
    }
}
