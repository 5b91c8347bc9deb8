import Foundation
import Testing
@testable import TraceAuditKit

/// The audited table is `public.executor_jobs` (or the schema `--table` names), never whatever the
/// connection's search_path finds first (issue 20 item 1): not a temporary table another client of
/// a pooled server connection made, not a schema another client's `SET search_path` put first, not
/// a schema named after the audit's role. Every report names the table it read.
@Suite("PostgreSQL table resolution", .enabled(if: PgBouncer.enabled), .serialized)
struct TableResolutionTests {
    /// A database of the test's own: public.executor_jobs with one violation, and `clean`, a copy
    /// without it in a schema named `clean`.
    static func withDatabase<T>(_ body: (String) throws -> T) throws -> T {
        let database = "res_" + UUID().uuidString.prefix(8).lowercased()
        try TestServer.execute(["CREATE DATABASE \(database)"])
        defer { try? TestServer.execute(["DROP DATABASE \(database) WITH (FORCE)"]) }
        try TestServer.execute([
            TestServer.createJobs("public.executor_jobs"),
            "INSERT INTO public.executor_jobs VALUES (1, 'a', 'succeeded', '2026-02-10 00:00:00+00', NULL, NULL, 'c1'),"
                + " (2, 'a', 'succeeded', '2026-02-10 00:00:00+00', NULL, 't', 'c2')",
            "CREATE SCHEMA clean",
            "CREATE TABLE clean.executor_jobs AS SELECT * FROM public.executor_jobs WHERE trace_id IS NOT NULL",
        ], database: database)
        return try body(database)
    }

    /// The JSON report of `arguments` against `url`: exit 1 with the one violation, read from
    /// public.executor_jobs, which the report names.
    static func expectPublicRead(_ url: String, _ arguments: [String] = ["check"], _ comment: Comment) throws {
        let result = run(arguments + ["--db", url, "--format", "json"])
        #expect(result.code == .violations, "\(comment): \(result.errors)")
        let json = try result.json
        #expect(json.int("violations.count") == 1, comment)
        #expect(json.value("source.table") as? String == "public.executor_jobs", comment)
    }

    /// Through PgBouncer in transaction mode, a pool of one server connection: another client made
    /// a clean TEMP TABLE executor_jobs on it (PUBLIC may), and set search_path to the clean
    /// schema. The audit reads public.executor_jobs all the same, and every command says so.
    @Test func pooledTemporaryTableAndSearchPathAreNotRead() throws {
        try Self.withDatabase { database in
            try PgBouncer.with(mode: .transaction, poolSize: 1) { bouncer in
                let other = try bouncer.client(database: database)
                try other.execute("CREATE TEMP TABLE executor_jobs AS SELECT * FROM public.executor_jobs WHERE trace_id IS NOT NULL") { _ in }
                let url = bouncer.url(database: database)
                // The next client of the pool sees the other's temporary table first.
                let seen = try bouncer.client(database: database).execute("SELECT count(*)::text FROM executor_jobs") {
                    $0.text(row: 0, column: 0)
                }
                #expect(seen == "1")
                try Self.expectPublicRead(url, ["check"], "temp table")
                try Self.expectPublicRead(url, ["violations"], "temp table, violations")
                let readiness = run(["readiness", "--db", url, "--format", "json"])
                #expect(try readiness.json.value("source.table") as? String == "public.executor_jobs", "\(readiness.errors)")

                try other.execute("DROP TABLE pg_temp.executor_jobs") { _ in }
                try other.execute("SET search_path = clean") { _ in }
                let path = try bouncer.client(database: database).execute("SHOW search_path") { $0.text(row: 0, column: 0) }
                #expect(path == "clean")
                try Self.expectPublicRead(url, ["check"], "search_path")
                try Self.expectPublicRead(url, ["daily", "--days", "3", "--until", "2026-02-11"], "search_path, daily")
                // The human header names the table too.
                let human = run(["check", "--db", url])
                #expect(human.output.contains("public.executor_jobs"), "\(human.output)")
            }
        }
    }

    /// Directly: a role named after a schema (README's `traceaudit` role, whose default search_path
    /// `"$user", public` finds its own schema first) holding a clean copy.
    @Test func roleNamedSchemaIsNotRead() throws {
        try Self.withDatabase { database in
            let role = "ta_" + UUID().uuidString.prefix(8).lowercased()
            try TestServer.execute(["CREATE ROLE \(role) LOGIN PASSWORD 'pw'"])
            defer { try? TestServer.execute(["DROP OWNED BY \(role)", "DROP ROLE \(role)"], database: database) }
            try TestServer.execute([
                "GRANT USAGE ON SCHEMA public TO \(role)",
                "GRANT SELECT ON public.executor_jobs TO \(role)",
                "CREATE SCHEMA \(role) AUTHORIZATION \(role)",
                "CREATE TABLE \(role).executor_jobs AS SELECT * FROM clean.executor_jobs",
                "ALTER TABLE \(role).executor_jobs OWNER TO \(role)",
            ], database: database)
            let port = try TestServer.requireURL().split(separator: ":").last?.split(separator: "/").first.map(String.init) ?? "5432"
            let url = "postgresql://\(role):pw@127.0.0.1:\(port)/\(database)"
            let seen = try PGConnection(parameters: [("dbname", url)]).execute("SELECT count(*)::text FROM executor_jobs") {
                $0.text(row: 0, column: 0)
            }
            #expect(seen == "1")
            try Self.expectPublicRead(url, ["check"], "role-named schema")
            // --table SCHEMA.NAME picks another schema, and the report names it.
            let chosen = run(["check", "--db", url, "--table", "\(role).executor_jobs", "--format", "json"])
            #expect(chosen.code == .passed, "\(chosen.errors)")
            #expect(try chosen.json.value("source.table") as? String == "\(role).executor_jobs")
        }
    }

    /// A schema put before pg_catalog on the session's search_path (by the role's settings, a
    /// connection option, or a pooled connection's last client) could shadow the operators and
    /// functions the audit calls: an `=` on text that is never true would hide every succeeded
    /// job. The audit pins its transaction's search_path to pg_catalog: the built-ins count.
    @Test func operatorsOnTheSearchPathCannotChangeWhatCounts() throws {
        try Self.withDatabase { database in
            try TestServer.execute([
                "CREATE SCHEMA shadow",
                "CREATE FUNCTION shadow.never(text, text) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT false'",
                "CREATE OPERATOR shadow.= (LEFTARG = text, RIGHTARG = text, FUNCTION = shadow.never)",
                "CREATE FUNCTION shadow.length(text) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT 1'",
            ], database: database)
            let url = try TestServer.url(database: database) + "?options=-csearch_path%3Dshadow,pg_catalog,public"
            // The session really does resolve `=` to the shadow: a comparison that holds is false.
            let shadowed = try PGConnection(parameters: [("dbname", url)]).execute("SELECT ('a'::text = 'a'::text)::text") {
                $0.text(row: 0, column: 0)
            }
            #expect(shadowed == "false")
            try Self.expectPublicRead(url, ["check"], "shadowed operators, check")
            try Self.expectPublicRead(url, ["violations"], "shadowed operators, violations")
            let readiness = run(["readiness", "--db", url, "--format", "json"])
            #expect(readiness.code != .passed, "\(readiness.output)")
        }
    }

    /// An unqualified --table NAME is public.NAME; pg_temp is refused; SQLite keeps main.
    @Test func unqualifiedNamesArePublicAndTemporarySchemasAreRefused() throws {
        try Self.withDatabase { database in
            let url = try TestServer.url(database: database)
            try TestServer.execute(["CREATE TABLE clean.jobs AS SELECT * FROM public.executor_jobs"], database: database)
            let missing = run(["check", "--db", url, "--table", "jobs"])
            #expect(missing.code == .cannotCheck)
            #expect(missing.errors.contains("table public.jobs not found"), "\(missing.errors)")
            for name in ["pg_temp.executor_jobs", "pg_temp_3.executor_jobs", "pg_toast_temp_3.executor_jobs"] {
                let refused = run(["check", "--db", url, "--table", name])
                #expect(refused.code == .usageError, "\(name)")
                #expect(refused.errors.contains("temporary schema"), "\(refused.errors)")
            }
        }
    }
}
