import Foundation
import Testing
@testable import TraceAuditKit

/// Only id, type, status, created_at and trace_id are required (issue 12 item 7): a table or
/// snapshot without updated_at or correlation_id is audited, and the report leaves them out (null
/// in JSON, no column in the table and markdown formats), the same on both engines.
@Suite("Optional columns")
struct OptionalColumnsTests {
    static let jobs = [
        SnapshotFile.Job(id: 1, createdAt: "2026-02-10T08:00:00Z", updatedAt: "2026-02-10T08:05:00Z", traceId: nil, correlationId: "req-1"),
        SnapshotFile.Job(id: 2, createdAt: "2026-02-11T08:00:00Z", updatedAt: "2026-02-11T08:05:00Z", traceId: "", correlationId: "req-2"),
        SnapshotFile.Job(id: 3, createdAt: "2026-02-12T08:00:00Z", traceId: "t-3", correlationId: "req-3"),
    ]

    static let dropped: [[String]] = [["updated_at"], ["correlation_id"], ["updated_at", "correlation_id"]]

    /// SQLite: each optional column dropped in turn.
    @Test(arguments: dropped)
    func snapshotWithoutOptionalColumns(dropped: [String]) throws {
        let file = try SnapshotFile(jobs: Self.jobs)
        try file.write { db in
            for column in dropped { try SnapshotFile.exec(db, "ALTER TABLE executor_jobs DROP COLUMN \(column)") }
        }
        try expectLeftOut(dropped, target: ["--db", file.path])
    }

    /// PostgreSQL: the same, and the same JSON as the snapshot.
    @Test(.enabled(if: TestServer.enabled), arguments: dropped)
    func tableWithoutOptionalColumns(dropped: [String]) throws {
        try TestServer.withSchema { schema in
            let table = "\(schema).executor_jobs"
            try TestServer.execute([TestServer.createJobs(table)] + Self.jobs.map { job in
                "INSERT INTO \(table) VALUES (\(PostgresAuditTests.literal(job.id)), \(PostgresAuditTests.literal(job.type)), "
                    + "\(PostgresAuditTests.literal(job.status)), \(PostgresAuditTests.literal(job.createdAt)), "
                    + "\(PostgresAuditTests.literal(job.updatedAt)), \(PostgresAuditTests.literal(job.traceId)), "
                    + "\(PostgresAuditTests.literal(job.correlationId)))"
            } + dropped.map { "ALTER TABLE \(table) DROP COLUMN \($0)" })
            let target = ["--db", try TestServer.requireURL(), "--table", table]
            try expectLeftOut(dropped, target: target)

            let file = try SnapshotFile(jobs: Self.jobs)
            try file.write { db in
                for column in dropped { try SnapshotFile.exec(db, "ALTER TABLE executor_jobs DROP COLUMN \(column)") }
            }
            var fromPostgres = try run(target + ["violations", "--all", "--format", "json"]).json
            var fromSQLite = try run(["--db", file.path, "violations", "--all", "--format", "json"]).json
            fromPostgres["source"] = nil
            fromSQLite["source"] = nil
            fromPostgres["generated_at"] = nil
            fromSQLite["generated_at"] = nil
            #expect(NSDictionary(dictionary: fromPostgres) == NSDictionary(dictionary: fromSQLite))
        }
    }

    private func expectLeftOut(_ dropped: [String], target: [String]) throws {
        let result = run(target + ["violations", "--all", "--format", "json"])
        #expect(result.code == .violations, "\(result.errors)")
        let rows = try #require(try result.json.value("violations.rows") as? [[String: Any]])
        #expect(rows.count == 2)
        for row in rows {
            for column in ["updated_at", "correlation_id"] {
                #expect((row[column] is NSNull) == dropped.contains(column), "\(column): \(row)")
            }
            #expect(row["id"] is String)
        }
        let table = run(target + ["violations"])
        #expect(table.output.contains("UPDATED_AT") == !dropped.contains("updated_at"), "\(table.output)")
        #expect(table.output.contains("CORRELATION_ID") == !dropped.contains("correlation_id"), "\(table.output)")
        #expect(table.output.contains("TRACE_ID"))
        let markdown = run(target + ["violations", "--format", "markdown"])
        #expect(markdown.output.contains("| updated_at |") == !dropped.contains("updated_at"), "\(markdown.output)")
        #expect(markdown.output.contains("correlation_id |") == !dropped.contains("correlation_id"), "\(markdown.output)")
        for command in ["check", "legacy", "distribution", "daily", "readiness", "doctor"] {
            let other = run(target + [command])
            #expect(other.code != .cannotCheck, "\(command): \(other.errors)")
        }
        let csv = run(target + ["violations", "--format", "csv"])
        #expect(csv.output.hasPrefix("id,type,created_at,updated_at,correlation_id,trace_id"), "\(csv.output)")
    }
}
