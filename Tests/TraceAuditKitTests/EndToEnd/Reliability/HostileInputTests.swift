import CSQLite
import Foundation
import Testing
@testable import TraceAuditKit

/// Damaged snapshots and hostile values: every failure is one line and exit 3, every value is shown
/// safely or round-trips, nothing crashes.
@Suite("Hostile input")
struct HostileInputTests {
    /// A copy of a real snapshot, damaged in a given way.
    static func damaged(_ damage: (inout [UInt8]) -> Void) throws -> (SnapshotFile, String) {
        let jobs = (1...3000).map { Job(id: .integer(Int64($0)), createdAt: .integer(1_770_000_000 + Int64($0)), traceId: $0 % 3 == 0 ? nil : "t") }
        let file = try SnapshotFile(jobs: jobs)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file.path)))
        damage(&bytes)
        let path = file.folder.appendingPathComponent("damaged.sqlite").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return (file, path)
    }

    @Test(arguments: ["truncated mid-page", "corrupted page", "corrupted header"])
    func damagedSnapshotsFailToCheck(kind: String) throws {
        let (file, path) = try Self.damaged { bytes in
            switch kind {
            case "truncated mid-page": bytes = Array(bytes.prefix(bytes.count - 4096 - 1000))
            case "corrupted page":
                for index in stride(from: 4096 * 2, to: min(bytes.count, 4096 * 6), by: 1) { bytes[index] = UInt8(truncatingIfNeeded: index &* 7) }
            default: for index in 16..<100 { bytes[index] = 0xFF }
            }
        }
        _ = file
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        for command in ["check", "violations"] {
            let result = run([command, "--db", path, "--all"])
            #expect(result.code == .cannotCheck, "\(kind): \(result.code) \(result.errors)")
            #expect(result.errors.hasPrefix("traceaudit: error: "))
            #expect(result.errors.split(separator: "\n").count == 1)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    /// Megabyte values, every storage class of id, extreme and odd timestamps.
    @Test func extremeValues() throws {
        let huge = String(repeating: "x", count: 1 << 20)
        let schema = SnapshotFile.schema.replacingOccurrences(of: "id INTEGER PRIMARY KEY", with: "id")
        let file = try SnapshotFile(schema: schema, jobs: [
            Job(id: .text(huge), createdAt: "2026-02-10 00:00:00", type: .text(huge), traceId: nil, correlationId: .text(huge)),
            Job(id: "3f1c1a8e-8b9e-4c57-9a61-0b7e0b6f4a11", createdAt: "9999-12-31 23:59:59.999999999", traceId: ""),
            Job(id: .real(12.5), createdAt: "0001-01-01 00:00:00", traceId: nil),
            Job(id: .integer(Int64.max), createdAt: .integer(-62_135_596_801), traceId: nil),
            Job(id: .integer(Int64.min), createdAt: .integer(Int64.max), traceId: nil),
            Job(id: 7, createdAt: .real(-1e300), traceId: nil),
            Job(id: 8, createdAt: .real(.nan), traceId: nil),
            Job(id: 9, createdAt: "2026-02-11 00:00:00.123456789+14:59", traceId: nil),
        ])
        let result = run(["--db", file.path, "--format", "json", "--all"])
        #expect(result.code == .violations, "\(result.errors)")
        let json = try result.json
        #expect(json.int("violations.count") == 2)
        #expect(json.int("legacy.missing_trace") == 1)
        #expect(json.int("undated.missing_trace") == 5)
        let rows = try #require(json.value("violations.rows") as? [[String: Any]])
        #expect((rows.first { ($0["id"] as? String)?.count == 1 << 20 })?["type"] as? String == huge)
        let table = run(["--db", file.path, "--all"])
        #expect(table.output.contains("xxx…"))
        #expect(table.output.count < 100_000)
    }

    /// Bytes that are not UTF-8, and control characters, in every text column: the terminal sees
    /// none of them raw, and every machine format stays valid.
    @Test func invalidUTF8AndControlCharacters() throws {
        let file = try SnapshotFile(schema: SnapshotFile.schema.replacingOccurrences(of: "id INTEGER PRIMARY KEY", with: "id"))
        try file.write { db in
            var statement: OpaquePointer?
            sqlite3_prepare_v2(db, "INSERT INTO executor_jobs VALUES (?1, ?1, 'succeeded', '2026-02-10 00:00:00', ?1, NULL, ?1)", -1, &statement, nil)
            let bytes: [UInt8] = [0x41, 0xFF, 0xFE, 0x1B, 0x5B, 0x32, 0x4A, 0x0A, 0x7C, 0x22, 0x2C, 0xC3, 0x28, 0x9B, 0x42]
            bytes.withUnsafeBufferPointer { buffer in
                _ = sqlite3_bind_text(statement, 1, UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self), Int32(buffer.count), unsafeBitCast(-1, to: sqlite3_destructor_type.self))
            }
            sqlite3_step(statement)
            sqlite3_finalize(statement)
        }
        let table = run(["--db", file.path])
        #expect(!table.output.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) })
        for format in ["json", "junit", "markdown", "github", "prometheus"] {
            let result = run(["--db", file.path, "--format", format])
            #expect(result.code == .violations, "\(format)")
            switch format {
            case "json": #expect(throws: Never.self) { _ = try result.json }
            case "junit": #expect(throws: Never.self) { _ = try JUnitDocument(result.output) }
            case "github": #expect(throws: Never.self) { _ = try result.output.split(separator: "\n").map { try WorkflowCommand(String($0)) } }
            case "prometheus": #expect(throws: Never.self) { _ = try PrometheusSamples(result.output) }
            default: #expect(!result.output.contains("\u{1B}"))
            }
        }
        let csv = run(["violations", "--db", file.path, "--format", "csv"])
        #expect(csv.output.split(separator: "\r\n").count == 2)
    }

    /// Whether this process may mount a tmpfs (root with CAP_SYS_ADMIN; a container may refuse it),
    /// tried once on a throwaway folder. Under CI=true, true: there the test must run.
    static let canMountTmpfs: Bool = {
        if ProcessInfo.processInfo.environment["CI"] == "true" { return true }
        guard geteuid() == 0 else { return false }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("traceaudit-tmpfs-\(UUID().uuidString)")
        guard (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)) != nil else { return false }
        defer { try? FileManager.default.removeItem(at: folder) }
        guard (try? runProcess("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", folder.path]))?.status == 0 else { return false }
        _ = try? runProcess("/bin/umount", [folder.path])
        return true
    }()

    /// --output onto a file system that fills up: exit 3, the previous file intact, no temporary
    /// file left. Needs root to mount a small tmpfs; reported skipped where it cannot.
    @Test(.enabled(if: HostileInputTests.canMountTmpfs)) func outputOntoAFullFileSystem() throws {
        let jobs = (1...20_000).map { Job(id: .integer(Int64($0)), createdAt: .integer(1_770_000_000 + Int64($0)), traceId: nil) }
        let file = try SnapshotFile(jobs: jobs)
        let mount = file.folder.appendingPathComponent("small")
        try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: true)
        let mounted = try runProcess("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.path])
        try #require(mounted.status == 0, "cannot mount a tmpfs: \(mounted.errors)")
        defer { _ = try? runProcess("/bin/umount", [mount.path]) }
        let target = mount.appendingPathComponent("violations.csv").path
        try "previous\n".write(toFile: target, atomically: false, encoding: .utf8)
        let result = run(["violations", "--db", file.path, "--all", "--format", "csv", "--output", target])
        #expect(result.code == .cannotCheck, "\(result.errors)")
        #expect(result.errors.contains("No space left") || result.errors.contains("no space left"), "\(result.errors)")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "previous\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: mount.path) == ["violations.csv"])
    }

    /// --output into a read-only folder (as an unprivileged user when run as root).
    @Test func outputIntoAReadOnlyFolder() throws {
        let file = try SnapshotFile(jobs: [Job(id: 1, createdAt: "2026-02-10 00:00:00", traceId: nil)])
        let folder = file.folder.appendingPathComponent("ro")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path) }
        let result = try ReadOnlySnapshotTests.runUnprivileged(["--db", file.path, "--output", folder.appendingPathComponent("r.txt").path])
        #expect(result.status == 3)
        #expect(result.errors.contains("cannot write --output"), "\(result.errors)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
