import Foundation
import Testing
@testable import TraceAuditKit

/// A server whose messages are in German (lc_messages = de_DE.UTF-8): every failure is classified
/// as with English messages, since classification reads SQLSTATEs and facts, never the text. The
/// locale must exist on the machine (.ci/run generates it); under CI=true its absence fails.
@Suite("PostgreSQL with non-English server messages", .enabled(if: GermanLocale.runs), .serialized, .timeLimit(.minutes(3)))
struct ServerLanguageTests {
    static let locale = GermanLocale.name
    static let hasLocale = GermanLocale.exists

    /// A fresh cluster speaking German: trust for postgres, passwords for every other role.
    static func withGermanServer(_ body: (LocalCluster) throws -> Void) throws {
        guard hasLocale else { throw TestFailure("no \(locale) locale: generate it (localedef -i de_DE -f UTF-8 de_DE.UTF-8), as .ci/run does") }
        let cluster = try LocalCluster.initialized(hba: """
            local all all trust
            host all postgres 127.0.0.1/32 trust
            host all all 127.0.0.1/32 scram-sha-256
            """)
        defer { cluster.stop() }
        try cluster.start(["lc_messages=\(locale)"])
        // The setup really speaks German, else this test would prove nothing.
        let admin = try cluster.admin()
        do {
            try admin.execute("SELECT * FROM no_such_table") { _ in }
            Issue.record("a missing table was read")
        } catch let error as PGError {
            #expect(error.sqlState == "42P01")
            #expect(error.message.contains("existiert nicht"), "\(error.message)")
        }
        for statement in [
            TestServer.createJobs("public.executor_jobs"),
            "INSERT INTO public.executor_jobs VALUES (1, 'a', 'succeeded', '2026-03-01', NULL, NULL, NULL)",
            "CREATE VIEW public.slow AS SELECT j.* FROM public.executor_jobs AS j, pg_sleep(3)",
            "CREATE ROLE reader LOGIN PASSWORD 'right-password'",
            "GRANT SELECT ON public.executor_jobs TO reader",
            "CREATE SCHEMA hidden",
            TestServer.createJobs("hidden.executor_jobs"),
            "GRANT SELECT ON hidden.executor_jobs TO reader",
            "REVOKE ALL ON SCHEMA hidden FROM PUBLIC",
            "CREATE TABLE public.guarded (LIKE public.executor_jobs)",
            "GRANT SELECT ON public.guarded TO reader",
            "ALTER TABLE public.guarded ENABLE ROW LEVEL SECURITY",
            "CREATE POLICY only_some ON public.guarded FOR SELECT USING (id < 10)",
            "CREATE ROLE keeper NOLOGIN",
            "GRANT SELECT ON public.guarded TO keeper",
            "CREATE VIEW public.guarded_view AS SELECT * FROM public.guarded",
            "ALTER VIEW public.guarded_view OWNER TO keeper",
            "GRANT SELECT ON public.guarded_view TO reader",
        ] {
            try admin.execute(statement) { _ in }
        }
        try body(cluster)
    }

    /// The failure of a check audit of `table` through `target`, or nil when it passed.
    static func failure(_ target: String, table: String = "public.executor_jobs", timeoutMilliseconds: Int = 60_000) -> TraceAuditError? {
        do throws(TraceAuditError) {
            let database = try PostgresDatabase(
                target: try PostgresTarget(target, environment: [:]), environment: [:], timeoutMilliseconds: timeoutMilliseconds)
            let session = AuditSession(engine: database, timeoutMilliseconds: timeoutMilliseconds)
            let plan = session.plan(.check, AuditRequest(policy: Policy(table: TableName(table)!)), rowLimit: 0)
            _ = try session.read(plan) { plan, _ in try session.scan(plan) }
            return nil
        } catch {
            return error
        }
    }

    @Test func failuresAreClassifiedWhateverTheServerLanguage() throws {
        try Self.withGermanServer { cluster in
            let superuser = cluster.url
            let reader = "postgresql://reader:right-password@127.0.0.1:\(cluster.port)/postgres"

            let missing = Self.failure(superuser, table: "public.nope")
            #expect(missing?.failure?.kind == .schema(.missingTable), "\(String(describing: missing))")

            let ours = Self.failure(superuser, table: "public.slow", timeoutMilliseconds: 1_000)
            #expect(ours?.failure?.kind == .timeout(.audit(milliseconds: 1_000)), "\(String(describing: ours))")
            #expect(ours?.failure?.sqlState == "57014")
            #expect(ours?.failure?.statement == Query.PostgreSQL.scan.path)

            let schemaDenied = Self.failure(reader, table: "hidden.executor_jobs")
            #expect(schemaDenied?.failure?.kind == .permission(.table), "\(String(describing: schemaDenied))")
            #expect(schemaDenied?.failure?.sqlState == "42501")

            let rowSecurity = Self.failure(reader, table: "public.guarded")
            #expect(rowSecurity?.failure?.kind == .permission(.rowSecurity(role: "reader")), "\(String(describing: rowSecurity))")
            let behindView = Self.failure(reader, table: "public.guarded_view")
            #expect(
                behindView?.failure?.kind == .permission(.viewRowSecurity(tables: ["public.guarded"], roles: ["keeper"])),
                "\(String(describing: behindView))")

            let wrongPassword = Self.failure("postgresql://reader:wrong-password@127.0.0.1:\(cluster.port)/postgres")
            #expect(wrongPassword?.failure?.kind == .authentication(passwordGiven: true), "\(String(describing: wrongPassword))")
            #expect(!FailureText.line(try #require(wrongPassword)).contains("wrong-password"))

            let noPassword = Self.failure("postgresql://reader@127.0.0.1:\(cluster.port)/postgres")
            #expect(noPassword?.failure?.kind == .authentication(passwordGiven: false), "\(String(describing: noPassword))")

            let refused = Self.failure("postgresql://postgres@127.0.0.1:\(try LocalCluster.freePort())/postgres")
            #expect(refused?.failure?.kind == .connection(.failed(hint: nil)), "\(String(describing: refused))")

            #expect(Self.failure(reader) == nil)
        }
    }

    /// Another session cancels the audit (pg_cancel_backend: "wegen Benutzeraufforderung"), and
    /// another holds a lock past the session's lock_timeout: each named as in English.
    @Test func cancelAndLockTimeoutAreClassified() throws {
        try Self.withGermanServer { cluster in
            let url = cluster.url
            let canceller = Thread {
                let deadline = Date().addingTimeInterval(20)
                while Date() < deadline {
                    let cancelled = (try? PGConnection(parameters: [("dbname", url)]).execute(
                        "SELECT count(pg_cancel_backend(pid)) FROM pg_stat_activity WHERE application_name = 'cancelled' AND wait_event = 'PgSleep'"
                    ) { $0.integer(row: 0, column: 0) ?? 0 }) ?? 0
                    if cancelled > 0 { return }
                    Thread.sleep(forTimeInterval: 0.05)
                }
            }
            canceller.start()
            let cancelled = Self.failure(cluster.url + "?application_name=cancelled", table: "public.slow")
            #expect(cancelled?.failure?.kind == .cancelled, "\(String(describing: cancelled))")

            let holder = try cluster.admin()
            try holder.execute("BEGIN") { _ in }
            try holder.execute("LOCK TABLE public.executor_jobs IN ACCESS EXCLUSIVE MODE") { _ in }
            let locked = Self.failure(cluster.url + "?options=-c%20lock_timeout%3D200")
            #expect(locked?.failure?.kind == .timeout(.lock(auditMilliseconds: 60_000)), "\(String(describing: locked))")
            #expect(locked?.failure?.sqlState == "55P03")
            try holder.execute("ROLLBACK") { _ in }
        }
    }

    /// The session's statement_timeout (from the target's options) cancels one of the audit's first
    /// statements (a slow one stands in for a loaded server): the session's, not --timeout, though
    /// the server's message says "Zeitüberschreitung" and not "statement timeout".
    @Test func sessionStatementTimeoutIsTheSessions() throws {
        try Self.withGermanServer { cluster in
            let target = try PostgresTarget(cluster.url + "?options=-c%20statement_timeout%3D20", environment: [:])
            let database = try PostgresDatabase(target: target, environment: [:], timeoutMilliseconds: 300_000)
            let slowSettings = PlannedStatement(Query(name: "slow-settings", dialect: .postgresql, text: "SELECT pg_sleep(0.5)"))
            var caught: (any Error)?
            do {
                try database.withConsistentRead(opening: [QueryPlan.postgresOpening(timeoutMilliseconds: 300_000)[0], slowSettings], closing: []) {}
            } catch {
                caught = error
            }
            let error = try #require(caught)
            let described = database.describe(error, table: .executorJobs)
            #expect(described.failure?.kind == .timeout(.session(value: "20ms", source: "client")), "\(described)")
            #expect(described.failure?.server?.message.contains("statement timeout") == false, "the server spoke English")
            #expect(FailureText.line(described).hasPrefix("statement timeout: the session's statement_timeout of 20ms"))
        }
    }
}

/// The locale the server-language tests run PostgreSQL's messages in.
enum GermanLocale {
    static let name = "de_DE.UTF-8"

    /// Whether `locale -a` lists it (as `de_DE.utf8`).
    static let exists: Bool = {
        guard let result = try? runProcess("/usr/bin/locale", ["-a"]) else { return false }
        return result.output.split(separator: "\n").contains { $0.lowercased() == "de_de.utf8" }
    }()

    /// Whether the suite runs: when the locale exists, and always in CI (where it fails without).
    static let runs = TestServer.required || exists
}
