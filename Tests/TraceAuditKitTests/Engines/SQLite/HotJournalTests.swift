import CSQLite
import Foundation
import Testing
@testable import TraceAuditKit

/// A rollback journal left by a writer that stopped mid-transaction (a hot journal): a read-only
/// open cannot roll it back, so the audit stops with what it is and how to fix it, and changes
/// nothing.
@Suite("Hot rollback journals")
struct HotJournalTests {
    /// A snapshot copied with its `-journal` while a writer was in the middle of a transaction.
    static func snapshotWithHotJournal() throws -> SnapshotFile {
        let source = try SnapshotFile(jobs: (1...200).map { Job(id: .integer($0), createdAt: "2026-02-10 00:00:00", traceId: nil) })
        let copy = try SnapshotFile(jobs: [])
        try FileManager.default.removeItem(atPath: copy.path)
        try source.write { db in
            try SnapshotFile.exec(db, "PRAGMA cache_size = 1; BEGIN; UPDATE executor_jobs SET trace_id = hex(randomblob(400))")
            #expect(FileManager.default.fileExists(atPath: source.path + "-journal"))
            try FileManager.default.copyItem(atPath: source.path, toPath: copy.path)
            try FileManager.default.copyItem(atPath: source.path + "-journal", toPath: copy.path + "-journal")
            try SnapshotFile.exec(db, "ROLLBACK")
        }
        return copy
    }

    @Test(arguments: [["check"], ["violations"], ["doctor"], ["check", "--since", "2026-02-01"]])
    func hotJournalIsExplained(arguments: [String]) throws {
        let file = try Self.snapshotWithHotJournal()
        let before = file.fingerprint
        #expect(file.folderContents == ["jobs.sqlite", "jobs.sqlite-journal"])
        let result = run(arguments + ["--db", file.path])
        #expect(result.code == .cannotCheck)
        #expect(result.errors.split(separator: "\n").count == 1)
        #expect(result.errors.contains("hot rollback journal"), "\(result.errors)")
        #expect(result.errors.contains("\(file.path)-journal"))
        #expect(!result.errors.contains("attempt to write a readonly database"))
        #expect(file.fingerprint == before)
        #expect(file.folderContents == ["jobs.sqlite", "jobs.sqlite-journal"])
    }

    /// A file whose header says WAL and that has no -wal is opened as immutable, which ignores a
    /// journal: with a hot one beside it, it would read the pages the writer left half-changed.
    @Test func hotJournalBesideAWALHeader() throws {
        let file = try Self.snapshotWithHotJournal()
        let handle = try #require(FileHandle(forUpdatingAtPath: file.path))
        try handle.seek(toOffset: 18)
        try handle.write(contentsOf: Data([2, 2]))
        try handle.close()
        let before = file.fingerprint
        let result = run(["--db", file.path])
        #expect(result.code == .cannotCheck, "\(result.output)")
        #expect(result.errors.contains("hot rollback journal"), "\(result.errors)")
        #expect(file.fingerprint == before)
        #expect(file.folderContents == ["jobs.sqlite", "jobs.sqlite-journal"])
    }

    /// A journal whose header was zeroed at commit (journal_mode=PERSIST) is not hot: the audit runs.
    @Test func persistedJournalIsNotHot() throws {
        let file = try SnapshotFile(jobs: [Job(id: 1, createdAt: "2026-02-10 00:00:00", traceId: nil)])
        try file.write { db in
            try SnapshotFile.exec(db, "PRAGMA journal_mode=PERSIST; UPDATE executor_jobs SET type = 'b'")
        }
        #expect(file.folderContents == ["jobs.sqlite", "jobs.sqlite-journal"])
        let before = file.fingerprint
        let result = run(["--db", file.path, "--format", "json"])
        #expect(result.code == .violations, "\(result.errors)")
        #expect(file.fingerprint == before)
        #expect(file.folderContents == ["jobs.sqlite", "jobs.sqlite-journal"])
    }
}
