import Foundation
import Testing
@testable import TraceAuditKit

/// `--output`: atomic replace for regular files only; FIFOs, devices and standard streams are
/// written directly; links are written through; a replaced file keeps its mode, owner and group.
@Suite("--output targets")
struct OutputFileTests {
    typealias Job = SnapshotFile.Job

    static func snapshot() throws -> SnapshotFile {
        try SnapshotFile(jobs: [Job(id: 1, createdAt: "2026-02-10 00:00:00", traceId: nil)])
    }

    static func status(_ path: String, followingLinks: Bool = false) -> stat? {
        var info = stat()
        return (followingLinks ? stat(path, &info) : lstat(path, &info)) == 0 ? info : nil
    }

    static func kind(_ path: String) -> mode_t? {
        status(path).map { $0.st_mode & S_IFMT }
    }

    /// The folder holds exactly `names`: no temporary file was left.
    static func expectOnly(_ names: Set<String>, in folder: URL) throws {
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)) == names)
    }

    @Test func fifoIsWrittenNotReplaced() async throws {
        let file = try Self.snapshot()
        let fifo = file.folder.appendingPathComponent("report.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = Task.detached { () -> String in
            let handle = FileHandle(forReadingAtPath: fifo)
            let data = handle?.readDataToEndOfFile() ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
        let result = run(["--db", file.path, "--format", "json", "--output", fifo])
        #expect(result.code == .violations, "\(result.errors)")
        let received = await reader.value
        #expect(received.contains("\"schema_version\""), "\(received)")
        #expect(Self.kind(fifo) == S_IFIFO)
        try Self.expectOnly(["jobs.sqlite", "report.fifo"], in: file.folder)
    }

    /// A FIFO nobody reads yet is waited for, as a shell redirection would, but SIGINT still ends
    /// the wait: exit 130 at once, the FIFO left as it was.
    @Test func fifoWithoutReaderStillTakesSignals() throws {
        let file = try Self.snapshot()
        let fifo = file.folder.appendingPathComponent("report.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // The signal goes once the run waits for a reader: asleep between attempts to open the
        // FIFO (each fails at once without a reader), twice in a row, as /proc shows it.
        let (status, message) = try BlockedInputTests.interrupt(
            ["--db", file.path, "--output", fifo], signal: SIGINT, asleepIn: BlockedInputTests.retryingCalls)
        #expect(status == 130)
        #expect(message.contains("interrupted by signal"), "\(message)")
        #expect(Self.kind(fifo) == S_IFIFO)
        try Self.expectOnly(["jobs.sqlite", "report.fifo"], in: file.folder)
    }

    /// A twin of /dev/null made with mknod (the real one is never put at risk by the test).
    @Test(.enabled(if: geteuid() == 0)) func characterDeviceIsWrittenNotReplaced() throws {
        let file = try Self.snapshot()
        let device = file.folder.appendingPathComponent("null").path
        let nullDevice = try #require(Self.status("/dev/null")).st_rdev
        #expect(mknod(device, S_IFCHR | 0o666, nullDevice) == 0)
        let result = run(["--db", file.path, "--output", device])
        #expect(result.code == .violations, "\(result.errors)")
        #expect(Self.kind(device) == S_IFCHR)
        #expect(Self.status(device)?.st_rdev == nullDevice)
        try Self.expectOnly(["jobs.sqlite", "null"], in: file.folder)
    }

    /// The standard streams by name reach the inherited descriptor, as a shell redirection would.
    @Test(arguments: ["/proc/self/fd/1", "/dev/stdout", "/dev/fd/1"])
    func standardOutputByName(path: String) throws {
        let file = try Self.snapshot()
        let result = try runProcess(executableURL.path, ["--db", file.path, "--format", "json", "--output", path])
        #expect(result.status == 1, "\(result.errors)")
        #expect(result.output.contains("\"schema_version\""), "\(result.output)")
        #expect(Self.kind("/dev/stdout") == S_IFLNK)
    }

    @Test func symbolicLinkIsWrittenThrough() throws {
        let file = try Self.snapshot()
        let reports = file.folder.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        let target = reports.appendingPathComponent("latest.json").path
        try "previous".write(toFile: target, atomically: false, encoding: .utf8)
        let link = file.folder.appendingPathComponent("report.json").path
        #expect(symlink("reports/latest.json", link) == 0)
        let result = run(["--db", file.path, "--format", "json", "--output", link])
        #expect(result.code == .violations, "\(result.errors)")
        #expect(Self.kind(link) == S_IFLNK)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "reports/latest.json")
        #expect(try String(contentsOfFile: target, encoding: .utf8).contains("\"schema_version\""))
        try Self.expectOnly(["latest.json"], in: reports)

        // A dangling link: its target is created, the link stays.
        let dangling = file.folder.appendingPathComponent("new.json").path
        #expect(symlink(reports.appendingPathComponent("new-target.json").path, dangling) == 0)
        #expect(run(["--db", file.path, "--format", "json", "--output", dangling]).code == .violations)
        #expect(Self.kind(dangling) == S_IFLNK)
        #expect(Self.kind(reports.appendingPathComponent("new-target.json").path) == S_IFREG)
    }

    @Test func replacedFileKeepsItsMode() throws {
        let file = try Self.snapshot()
        let target = file.folder.appendingPathComponent("report.txt").path
        try "previous".write(toFile: target, atomically: false, encoding: .utf8)
        #expect(chmod(target, 0o640) == 0)
        #expect(run(["--db", file.path, "--output", target]).code == .violations)
        #expect(Self.status(target).map { $0.st_mode & 0o7777 } == 0o640)
        #expect(try String(contentsOfFile: target, encoding: .utf8).contains("FAIL"))
    }

    /// As root, a report replacing `0640 root:postgres` stays so (nobody's group without postgres).
    @Test(.enabled(if: geteuid() == 0)) func replacedFileKeepsItsOwnerAndGroup() throws {
        let file = try Self.snapshot()
        let target = file.folder.appendingPathComponent("report.txt").path
        try "previous".write(toFile: target, atomically: false, encoding: .utf8)
        let account = getpwnam("postgres") ?? getpwnam("nobody")
        let user = try #require(account).pointee
        #expect(chown(target, user.pw_uid, user.pw_gid) == 0)
        #expect(chmod(target, 0o640) == 0)
        #expect(run(["--db", file.path, "--output", target]).code == .violations)
        let after = try #require(Self.status(target))
        #expect(after.st_uid == user.pw_uid)
        #expect(after.st_gid == user.pw_gid)
        #expect(after.st_mode & 0o7777 == 0o640)
        #expect(try String(contentsOfFile: target, encoding: .utf8).contains("FAIL"))
    }

    @Test(arguments: ["reports", "reports/"]) func directoryIsRefused(name: String) throws {
        let file = try Self.snapshot()
        let reports = file.folder.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        let result = run(["--db", file.path, "--output", file.folder.path + "/" + name])
        #expect(result.code == .cannotCheck)
        #expect(result.errors.hasPrefix("traceaudit: error: --output "), "\(result.errors)")
        #expect(result.errors.contains("is a directory") || result.errors.contains("names a folder"), "\(result.errors)")
        #expect(result.errors.split(separator: "\n").count == 1)
        try Self.expectOnly([], in: reports)
        try Self.expectOnly(["jobs.sqlite", "reports"], in: file.folder)
    }

    @Test func plans() {
        let kinds: [String: FileKind] = [
            "/r/fifo": .fifo, "/r/dev": .characterDevice, "/r/disk": .blockDevice, "/r/dir": .directory,
            "/r/file": .regular, "/r/link": .symbolicLink, "/r/loop": .symbolicLink, "/r/to-dir": .symbolicLink,
        ]
        let links = ["/r/link": "file", "/r/loop": "loop", "/r/to-dir": "/r/dir"]
        func plan(_ path: String) -> OutputPath.Plan {
            OutputPath.plan(path: path, kindAt: { kinds[$0] }, linkTarget: { links[$0] })
        }
        #expect(plan("/r/fifo") == .writeDirectly(file: "/r/fifo"))
        #expect(plan("/r/dev") == .writeDirectly(file: "/r/dev"))
        #expect(plan("/r/file") == .replace(file: "/r/file"))
        #expect(plan("/r/new") == .replace(file: "/r/new"))
        #expect(plan("/r/link") == .replace(file: "/r/file"))
        #expect(plan("/dev/stdout") == .inherit(descriptor: 1))
        #expect(plan("/proc/self/fd/7") == .inherit(descriptor: 7))
        for refused in ["/r/disk", "/r/dir", "/r/loop", "/r/to-dir", "/r/", "r/..", "."] {
            guard case .refuse = plan(refused) else {
                Issue.record("\(refused) was not refused: \(plan(refused))")
                continue
            }
        }
        #expect(OutputPath.temporaryTemplate(for: "report.json") == "./.report.json.traceaudit-XXXXXX")
        #expect(OutputPath.temporaryTemplate(for: "/report.json") == "/.report.json.traceaudit-XXXXXX")
        // Found by the fuzzer: a `/` followed by a combining mark is still where the kernel splits.
        #expect(OutputPath.split("reports/\u{304}x")?.folder == "reports")
        #expect(OutputPath.temporaryTemplate(for: "reports/\u{304}x") == "reports/.\u{304}x.traceaudit-XXXXXX")
        #expect(OutputPath.resolve("/\u{304}x", besideLinkAt: "/r/link") == "/\u{304}x")
    }
}
