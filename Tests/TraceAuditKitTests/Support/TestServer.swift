import Foundation
import Testing
@testable import TraceAuditKit

/// The throwaway PostgreSQL cluster that scripts/with-postgres starts for the tests.
enum TestServer {
    /// Its superuser URL, from TRACEAUDIT_TEST_PG.
    static let url = ProcessInfo.processInfo.environment["TRACEAUDIT_TEST_PG"].flatMap { $0.isEmpty ? nil : $0 }

    /// In CI the PostgreSQL tests must run: with no server they fail rather than skip.
    static let required = ProcessInfo.processInfo.environment["CI"] == "true"

    /// Whether the PostgreSQL suites run.
    static let enabled = url != nil || required

    /// The URL, or a failure that says how to get one.
    static func requireURL() throws -> String {
        guard let url else {
            throw TestFailure("no PostgreSQL for the tests: run them with scripts/with-postgres (CI=true requires one)")
        }
        return url
    }

    /// `url` with another database.
    static func url(database: String) throws -> String {
        let base = try requireURL()
        guard let slash = base.lastIndex(of: "/") else { return base }
        return String(base[..<slash]) + "/" + database
    }

    /// A superuser connection for setting up data.
    static func admin(database: String? = nil) throws -> PGConnection {
        try PGConnection(parameters: [("dbname", try database.map(url(database:)) ?? requireURL())])
    }

    /// Runs each statement.
    static func execute(_ statements: [String], database: String? = nil) throws {
        let connection = try admin(database: database)
        for statement in statements { try connection.execute(statement) { _ in } }
    }

    /// A schema of its own for one test, dropped when `body` returns.
    static func withSchema<T>(_ body: (String) throws -> T) throws -> T {
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        try execute(["CREATE SCHEMA \(schema)"])
        defer { try? execute(["DROP SCHEMA \(schema) CASCADE"]) }
        return try body(String(schema))
    }

    /// The jobs table's DDL, with the column types a test chooses.
    static func createJobs(_ table: String, createdAt: String = "timestamptz", traceId: String = "text", id: String = "bigint") -> String {
        """
        CREATE TABLE \(table) (id \(id) PRIMARY KEY, type text, status text, created_at \(createdAt),
          updated_at \(createdAt), trace_id \(traceId), correlation_id text)
        """
    }

    /// SQL literal for a test value.
    static func literal(_ value: String?) -> String {
        value.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" } ?? "NULL"
    }
}
