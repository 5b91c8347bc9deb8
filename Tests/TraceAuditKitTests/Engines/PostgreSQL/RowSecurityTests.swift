import Foundation
import Testing
@testable import TraceAuditKit

/// Row-level security must never make the audit count fewer rows: it sees every row or exits 3
/// with the fix. Run as roles that are not superusers (a superuser bypasses row security).
@Suite("Row-level security", .enabled(if: TestServer.enabled), .serialized, .timeLimit(.minutes(5)))
struct RowSecurityTests {
    /// Ten succeeded jobs since the cutoff, each without a trace: ten violations.
    static func withTable<T>(_ body: (_ table: String, _ reader: String, _ owner: String, _ url: @escaping (String) throws -> String) throws -> T) throws -> T {
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

    /// `body` gets a role `viewer` (not the table's owner, no BYPASSRLS) that may read the table
    /// and create views in its schema; the table's row security hides all but ids 1-4 from it.
    static func withViewer<T>(_ body: (_ table: String, _ reader: String, _ owner: String, _ viewer: String, _ url: @escaping (String) throws -> String) throws -> T) throws -> T {
        try withTable { table, reader, owner, url in
            let viewer = "rls_viewer_" + UUID().uuidString.prefix(8).lowercased()
            let schema = String(table.split(separator: ".")[0])
            try TestServer.execute([
                "CREATE ROLE \(viewer) NOLOGIN",
                "GRANT USAGE, CREATE ON SCHEMA \(schema) TO \(viewer)",
                "GRANT SELECT ON \(table) TO \(viewer)",
                "ALTER TABLE \(table) ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY few ON \(table) FOR SELECT USING (id < 5)",
            ])
            defer { try? TestServer.execute(["DROP OWNED BY \(viewer)", "DROP ROLE \(viewer)"]) }
            return try body(table, reader, owner, viewer, url)
        }
    }

    /// Creates `view` (schema-qualified) as `definition`, owned by `role`, readable by `reader`.
    static func createView(_ view: String, _ definition: String, owner role: String, reader: String, options: String = "") throws {
        try TestServer.execute([
            "CREATE VIEW \(view) \(options) AS \(definition)",
            "ALTER VIEW \(view) OWNER TO \(role)",
            "GRANT SELECT ON \(view) TO \(reader)",
        ])
    }

    /// A view that is not security_invoker reads its table as its owner: the line names the owner
    /// and its fix, not the audit's role, whose BYPASSRLS does not help (the user trial); the
    /// owner's BYPASSRLS gives the full count.
    @Test func viewNamesItsOwner() throws {
        try Self.withViewer { table, reader, _, viewer, url in
            let view = table + "_view"
            try Self.createView(view, "SELECT * FROM \(table)", owner: viewer, reader: reader)
            for _ in 0..<2 {
                let refused = Self.audit(try url(reader), view)
                Self.expectRefused(refused, role: viewer)
                #expect(refused.errors.contains("ALTER ROLE \(viewer) BYPASSRLS"), "\(refused.errors)")
                #expect(refused.errors.contains("--table \(table)"), "\(refused.errors)")
                #expect(refused.errors.contains("security_invoker"), "\(refused.errors)")
                #expect(!refused.errors.contains("ALTER ROLE \(reader)"), "\(refused.errors)")
                #expect(!refused.errors.contains("pw"), "\(refused.errors)")
                try TestServer.execute(["ALTER ROLE \(reader) BYPASSRLS"])
            }
            try TestServer.execute(["ALTER ROLE \(viewer) BYPASSRLS"])
            let full = Self.audit(try url(reader), view)
            #expect(full.code == .violations, "\(full.errors)")
            #expect(try full.json.int("violations.count") == 10)
        }
    }

    /// A security_invoker view reads its table as the audit's role: the line names that role, and
    /// its BYPASSRLS gives the full count.
    @Test func securityInvokerViewNamesTheAuditsRole() throws {
        try Self.withViewer { table, reader, _, viewer, url in
            let view = table + "_invoker"
            try Self.createView(view, "SELECT * FROM \(table)", owner: viewer, reader: reader, options: "WITH (security_invoker)")
            let refused = Self.audit(try url(reader), view)
            Self.expectRefused(refused, role: reader)
            #expect(refused.errors.contains("ALTER ROLE \(reader) BYPASSRLS"), "\(refused.errors)")
            #expect(!refused.errors.contains(viewer), "\(refused.errors)")
            try TestServer.execute(["ALTER ROLE \(reader) BYPASSRLS"])
            let full = Self.audit(try url(reader), view)
            #expect(full.code == .violations, "\(full.errors)")
            #expect(try full.json.int("violations.count") == 10)
        }
    }

    /// Nested views: a security_barrier view owned by the table's owner (exempt) over the viewer's
    /// view names the viewer; a view owned by the viewer over a security_invoker view names the
    /// audit's role (PostgreSQL checks a security_invoker view's tables as the current user).
    @Test func nestedViewsNameTheRoleTheTableIsReadAs() throws {
        try Self.withViewer { table, reader, owner, viewer, url in
            let inner = table + "_inner", outer = table + "_outer"
            try Self.createView(inner, "SELECT * FROM \(table)", owner: viewer, reader: owner)
            try Self.createView(outer, "SELECT * FROM \(inner)", owner: owner, reader: reader, options: "WITH (security_barrier)")
            let throughInner = Self.audit(try url(reader), outer)
            Self.expectRefused(throughInner, role: viewer)
            #expect(throughInner.errors.contains("ALTER ROLE \(viewer) BYPASSRLS"), "\(throughInner.errors)")
            #expect(!throughInner.errors.contains("ALTER ROLE \(owner) "), "\(throughInner.errors)")

            let invoker = table + "_invoker", overInvoker = table + "_over_invoker"
            try Self.createView(invoker, "SELECT * FROM \(table)", owner: owner, reader: viewer, options: "WITH (security_invoker)")
            try Self.createView(overInvoker, "SELECT * FROM \(invoker)", owner: viewer, reader: reader)
            let asAuditor = Self.audit(try url(reader), overInvoker)
            Self.expectRefused(asAuditor, role: reader)
            #expect(asAuditor.errors.contains("ALTER ROLE \(reader) BYPASSRLS"), "\(asAuditor.errors)")
            #expect(!asAuditor.errors.contains(viewer), "\(asAuditor.errors)")
        }
    }

    /// A view owned by the table's owner reads it exempt from its row security unless the table
    /// forces it; forced, the audit through the view exits 3 naming that owner.
    @Test func forcedTableBehindItsOwnersViewIsRefused() throws {
        try Self.withViewer { table, reader, owner, _, url in
            let view = table + "_owned"
            try Self.createView(view, "SELECT * FROM \(table)", owner: owner, reader: reader)
            let exempt = Self.audit(try url(reader), view)
            #expect(exempt.code == .violations, "\(exempt.errors)")
            #expect(try exempt.json.int("violations.count") == 10)
            try TestServer.execute(["ALTER TABLE \(table) FORCE ROW LEVEL SECURITY"])
            let forced = Self.audit(try url(reader), view)
            Self.expectRefused(forced, role: owner)
            #expect(forced.errors.contains("ALTER ROLE \(owner) BYPASSRLS"), "\(forced.errors)")
        }
    }
}
