import CSQLite
import Foundation
@testable import TraceAuditKit

/// A SQLite file made by a test, in its own temporary folder, removed when the test ends.
final class SnapshotFile {
    let folder: URL
    let path: String

    /// A value of a column as the test stores it.
    enum Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
        case text(String)
        case integer(Int64)
        case real(Double)
        case null

        init(stringLiteral value: String) { self = .text(value) }
        init(integerLiteral value: Int64) { self = .integer(value) }
        init(nilLiteral: ()) { self = .null }
    }

    /// One job row.
    struct Job {
        var id: Value
        var createdAt: Value
        var status: Value = "succeeded"
        var type: Value = "send_email"
        var updatedAt: Value = nil
        var traceId: Value = "4bf92f3577b34da6a3ce929d0e0e4736"
        var correlationId: Value = "req-1"
    }

    /// created_at and updated_at have no declared type, so each value keeps the storage class
    /// the test gives it (TEXT, INTEGER or REAL), as in a snapshot written by a program.
    static let schema = """
        CREATE TABLE executor_jobs (id INTEGER PRIMARY KEY, type TEXT, status TEXT, created_at,
          updated_at, trace_id TEXT, correlation_id TEXT)
        """

    /// The schema with TEXT timestamps, as psql's CSV export or sqlite3's .import make it.
    static let textSchema = schema.replacingOccurrences(of: "created_at,", with: "created_at TEXT,")
        .replacingOccurrences(of: "updated_at,", with: "updated_at TEXT,")

    init(schema: String = SnapshotFile.schema, jobs: [Job] = [], name: String = "jobs.sqlite") throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("traceaudit-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent(name).path
        try write { db in
            try SnapshotFile.exec(db, schema)
            try SnapshotFile.insert(jobs, into: db)
        }
    }

    deinit {
        try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        try? FileManager.default.removeItem(at: folder)
    }

    /// Opens the file read-write for the test's own setup.
    func write(_ body: (OpaquePointer) throws -> Void) throws {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK, let db else { throw TestFailure("cannot open \(path)") }
        defer { sqlite3_close(db) }
        try body(db)
    }

    static func exec(_ db: OpaquePointer, _ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(db, sql, nil, nil, &message) == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? "?"
            sqlite3_free(message)
            throw TestFailure("\(sql): \(text)")
        }
    }

    static func insert(_ jobs: [Job], into db: OpaquePointer, table: String = "executor_jobs") throws {
        guard !jobs.isEmpty else { return }
        try exec(db, "BEGIN")
        var statement: OpaquePointer?
        let sql = "INSERT INTO \(table) (id, type, status, created_at, updated_at, trace_id, correlation_id) VALUES (?,?,?,?,?,?,?)"
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { throw TestFailure("prepare") }
        defer { sqlite3_finalize(statement) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for job in jobs {
            sqlite3_reset(statement)
            for (index, value) in [job.id, job.type, job.status, job.createdAt, job.updatedAt, job.traceId, job.correlationId].enumerated() {
                let position = Int32(index + 1)
                switch value {
                case .text(let text): sqlite3_bind_text(statement, position, text, -1, transient)
                case .integer(let number): sqlite3_bind_int64(statement, position, number)
                case .real(let number): sqlite3_bind_double(statement, position, number)
                case .null: sqlite3_bind_null(statement, position)
                }
            }
            guard sqlite3_step(statement) == SQLITE_DONE else { throw TestFailure("insert: \(String(cString: sqlite3_errmsg(db)))") }
        }
        try exec(db, "COMMIT")
    }

    /// The files in the snapshot's folder.
    var folderContents: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    /// SHA-256 of every file in the folder, to prove nothing changed.
    var fingerprint: [String: String] {
        var result: [String: String] = [:]
        for name in folderContents {
            result[name] = sha256(folder.appendingPathComponent(name).path)
        }
        return result
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func sha256(_ path: String) -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    process.arguments = [path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try? process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
}
