import Foundation
import Testing
@testable import TraceAuditKit

/// PostgreSQL trace_id types (issue 20 item 6): the string types (text, varchar, char, citext,
/// name, domains over them) and uuid have the policy's missing trace (NULL or ''); any other type
/// has missing values of its own (jsonb 'null' and '""', an empty bytea) that would count as
/// traces, so the audit exits 3 naming the type instead.
@Suite("PostgreSQL trace_id types", .enabled(if: TestServer.enabled), .serialized)
struct TraceTypeTests {
    static func withTable<T>(trace: String, value: String, _ body: (String) throws -> T) throws -> T {
        try CollationTests.withDatabase { database in
            try TestServer.execute([
                "CREATE DOMAIN trace_over_domain AS trace_text",
                "CREATE DOMAIN trace_uuid AS uuid",
                "CREATE DOMAIN trace_json AS jsonb",
                CollationTests.createJobs(status: "text", trace: trace),
                "INSERT INTO executor_jobs VALUES (1, 'a', 'succeeded', '2026-02-10 00:00:00+00', NULL, \(value), 'c1')",
            ], database: database)
            return try body(try TestServer.url(database: database))
        }
    }

    @Test(arguments: [
        ("text", "''"), ("varchar(64)", "''"), ("char(8)", "''"), ("citext", "''"), ("name", "''"), ("trace_text", "''"),
        ("trace_over_domain", "''"), ("uuid", "NULL"), ("trace_uuid", "NULL"),
    ])
    func stringTypesAndUUIDAreAudited(trace: String, value: String) throws {
        try Self.withTable(trace: trace, value: value) { url in
            let result = run(["check", "--db", url, "--format", "json"])
            #expect(result.code == .violations, "\(trace): \(result.errors)")
            let json = try result.json
            #expect(json.int("violations.count") == 1, "\(trace)")
        }
    }

    @Test(arguments: [
        ("jsonb", "'\"\"'", "jsonb"), ("jsonb", "'null'", "jsonb"), ("json", "'\"\"'", "json"), ("bytea", "''", "bytea"),
        ("trace_json", "'\"\"'", "public.trace_json (over jsonb)"), ("integer", "0", "integer"), ("text[]", "'{}'", "text[]"),
    ])
    func otherTypesCannotBeChecked(trace: String, value: String, named: String) throws {
        try Self.withTable(trace: trace, value: value) { url in
            for command in [["check"], ["violations"], ["readiness"], ["daily", "--days", "3"]] {
                let result = run(command + ["--db", url])
                #expect(result.code == .cannotCheck, "\(trace) \(command): \(result.errors)")
                #expect(result.errors.contains("column trace_id of public.executor_jobs has type \(named),"), "\(result.errors)")
                #expect(result.errors.contains("make it text or uuid"), "\(result.errors)")
                #expect(result.errors.split(separator: "\n").count == 1, "\(result.errors)")
            }
        }
    }
}
