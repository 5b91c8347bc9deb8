import CSQLite
import Foundation
import Testing
@testable import TraceAuditKit

/// The snapshot is never changed, and nothing is left beside it, even in a read-only folder.
@Suite("Read-only snapshots")
struct ReadOnlySnapshotTests {
    static let jobs = [
        Job(id: 1, createdAt: "2026-02-10 00:00:00+00", traceId: nil),
        Job(id: 2, createdAt: "2026-01-10 00:00:00", traceId: ""),
    ]

    /// Runs the built binary on `path`, as an unprivileged user when the tests run as root
    /// (root ignores file permissions, which would hide what a read-only folder does).
    static func runUnprivileged(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let binary = executableURL.path
        if geteuid() == 0 {
            // A copy nobody can execute (the build folder may not be reachable for it), removed after.
            let copy = "/tmp/traceaudit-unprivileged-\(UUID().uuidString)"
            try FileManager.default.copyItem(atPath: binary, toPath: copy)
            defer { try? FileManager.default.removeItem(atPath: copy) }
            return try runProcess("/usr/sbin/runuser", ["-u", "nobody", "--", copy] + arguments)
        }
        return try runProcess(binary, arguments)
    }

    static func makeReadOnly(_ file: SnapshotFile) throws {
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: file.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: file.folder.path)
    }

    @Test func readOnlyFileInReadOnlyFolder() throws {
        let file = try SnapshotFile(jobs: Self.jobs)
        try Self.makeReadOnly(file)
        let before = file.fingerprint
        let result = try Self.runUnprivileged(["--db", file.path, "--format", "json"])
        #expect(result.status == 1, "\(result.errors)")
        #expect(result.output.contains("\"count\": 1"))
        #expect(file.fingerprint == before)
        #expect(file.folderContents == ["jobs.sqlite"])
    }

    /// A WAL-mode file with no -wal beside it, in a read-only folder: SQLite's plain read-only
    /// open fails there (it wants to create -shm); traceaudit opens it as immutable.
    @Test func walModeWithoutWALFileInReadOnlyFolder() throws {
        let file = try SnapshotFile(jobs: Self.jobs)
        try file.write { db in try SnapshotFile.exec(db, "PRAGMA journal_mode=WAL") }
        #expect(file.folderContents == ["jobs.sqlite"])
        try Self.makeReadOnly(file)
        let before = file.fingerprint
        let result = try Self.runUnprivileged(["--db", file.path, "--format", "json"])
        #expect(result.status == 1, "\(result.errors)")
        #expect(result.output.contains("\"count\": 1"))
        #expect(file.fingerprint == before)
        #expect(file.folderContents == ["jobs.sqlite"])
    }

    /// A live writer in WAL mode: rows only in the -wal count, and no file changes.
    @Test func liveWALRowsAreCounted() throws {
        let file = try SnapshotFile(jobs: Self.jobs)
        var writer: OpaquePointer?
        #expect(sqlite3_open(file.path, &writer) == SQLITE_OK)
        defer { sqlite3_close(writer) }
        try SnapshotFile.exec(writer!, "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0")
        try SnapshotFile.insert([Job(id: 3, createdAt: "2026-02-11 00:00:00Z", traceId: nil)], into: writer!)
        #expect(file.folderContents == ["jobs.sqlite", "jobs.sqlite-shm", "jobs.sqlite-wal"])
        let main = sha256(file.path)
        let json = try auditJSON(file)
        #expect(json.int("violations.count") == 2)
        #expect(sha256(file.path) == main)
        #expect(file.folderContents == ["jobs.sqlite", "jobs.sqlite-shm", "jobs.sqlite-wal"])
    }

    /// A -wal left by a writer that is gone (no -shm): its rows count, and no -shm is left behind,
    /// in a writable folder and in a read-only one.
    @Test(arguments: [false, true])
    func orphanWALIsReadWithoutLeavingFiles(readOnly: Bool) throws {
        let source = try SnapshotFile(jobs: Self.jobs)
        var writer: OpaquePointer?
        #expect(sqlite3_open(source.path, &writer) == SQLITE_OK)
        try SnapshotFile.exec(writer!, "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0")
        try SnapshotFile.insert([Job(id: 3, createdAt: "2026-02-11 00:00:00Z", traceId: nil)], into: writer!)
        let file = try SnapshotFile()
        try FileManager.default.removeItem(atPath: file.path)
        try FileManager.default.copyItem(atPath: source.path, toPath: file.path)
        try FileManager.default.copyItem(atPath: source.path + "-wal", toPath: file.path + "-wal")
        sqlite3_close(writer)
        #expect(file.folderContents == ["jobs.sqlite", "jobs.sqlite-wal"])
        if readOnly {
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: file.folder.path)
        }
        let before = file.fingerprint
        let result = try Self.runUnprivileged(["--db", file.path, "--format", "json"])
        #expect(result.status == 1, "\(result.errors)")
        #expect(result.output.contains("\"count\": 2"))
        #expect(file.fingerprint == before)
        #expect(file.folderContents == ["jobs.sqlite", "jobs.sqlite-wal"])
    }

    @Test func writerHoldingAnExclusiveLockIsAFailureToCheck() throws {
        let file = try SnapshotFile(jobs: Self.jobs)
        var writer: OpaquePointer?
        #expect(sqlite3_open(file.path, &writer) == SQLITE_OK)
        defer { sqlite3_close(writer) }
        try SnapshotFile.exec(writer!, "BEGIN EXCLUSIVE; INSERT INTO executor_jobs (id, status) VALUES (99, 'succeeded')")
        let start = Date()
        let result = run(["--db", file.path])
        #expect(result.code == .cannotCheck)
        #expect(result.errors.contains("locked"))
        #expect(Date().timeIntervalSince(start) < 30)
        try SnapshotFile.exec(writer!, "ROLLBACK")
    }
}
