import Foundation
import Testing
@testable import TraceAuditKit

/// `--output` and `--report` compared by what they are (device and inode), not by name: a report
/// never replaces an input of its own run, two reports never share one file, a link another user
/// owns is not followed, and the reports of a run are committed all or none.
@Suite("Report targets")
struct ReportTargetTests {
    typealias Folder = ReportRunTests.Folder

    static func bytes(_ path: String) -> Data? {
        FileManager.default.contents(atPath: path)
    }

    /// The ways one file can be named besides its own path: `./`, absolute, a symbolic link, a
    /// hard link (made in `folder` beside `file`, which is there too).
    static func aliases(of name: String, in folder: Folder) throws -> [String] {
        let path = folder.path(name)
        #expect(symlink(path, folder.path("link-" + name)) == 0)
        #expect(link(path, folder.path("hard-" + name)) == 0)
        return [path, folder.url.path + "/./" + name, folder.url.path + "//" + name, folder.path("link-" + name), folder.path("hard-" + name)]
    }

    @Test func outputNeverReplacesTheSnapshot() throws {
        let snapshot = try FormatTests.dataSet()
        let folder = try Folder()
        let copy = folder.path("jobs.sqlite")
        try FileManager.default.copyItem(atPath: snapshot.path, toPath: copy)
        let before = Self.bytes(copy)
        for alias in try Self.aliases(of: "jobs.sqlite", in: folder) {
            for destination in [["--output", alias], ["--report", "json=\(alias)"], ["--report", "markdown+=\(alias)"]] {
                let result = run(["check", "--db", copy] + destination)
                #expect(result.code == .usageError, "\(destination): \(result.errors)")
                #expect(result.errors.hasPrefix("traceaudit: error: "))
                #expect(result.errors.contains("the --db snapshot"), "\(result.errors)")
                #expect(result.errors.contains("See 'traceaudit --help'"))
                #expect(Self.bytes(copy) == before, "\(destination) changed the snapshot")
            }
        }
        // The snapshot's -wal is read too.
        try Data("wal".utf8).write(to: URL(fileURLWithPath: copy + "-wal"))
        #expect(run(["check", "--db", copy, "--output", copy + "-wal"]).code == .usageError)
        #expect(try String(contentsOfFile: copy + "-wal", encoding: .utf8) == "wal")
    }

    @Test func outputNeverReplacesTheBaseline() throws {
        let snapshot = try FormatTests.dataSet()
        let folder = try Folder()
        try "job-1\n".write(toFile: folder.path("baseline.txt"), atomically: true, encoding: .utf8)
        for alias in try Self.aliases(of: "baseline.txt", in: folder) {
            let result = run(["violations", "--db", snapshot.path, "--baseline", folder.path("baseline.txt"), "--format", "json", "--output", alias])
            #expect(result.code == .usageError, "\(alias): \(result.errors)")
            #expect(result.errors.contains("the --baseline file"), "\(result.errors)")
            #expect(try folder.read("baseline.txt") == "job-1\n")
        }
    }

    @Test func outputNeverReplacesALog() throws {
        let snapshot = try FormatTests.dataSet()
        let folder = try Folder()
        let log = folder.path("app.log")
        let text = "POLICY_VIOLATION: Job succeeded without trace_id { jobId: \"4102\" }\n"
        try text.write(toFile: log, atomically: true, encoding: .utf8)
        for alias in try Self.aliases(of: "app.log", in: folder) {
            for arguments in [
                ["logs", log, "--output", alias], ["logs", "--format", "json", log, "--report", "markdown=\(alias)"],
                ["readiness", "--db", snapshot.path, "--logs", log, "--output", alias],
            ] {
                let result = run(arguments)
                #expect(result.code == .usageError, "\(arguments): \(result.errors)")
                #expect(try folder.read("app.log") == text, "\(arguments) changed the log")
            }
        }
        // A log on standard input is an input too: `traceaudit logs - < app.log --output app.log`.
        let process = Process()
        process.executableURL = executableURL
        process.arguments = ["logs", "-", "--output", log]
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: log))
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).contains("standard input (-)"))
        #expect(try folder.read("app.log") == text)
    }

    @Test func twoReportsNeverShareAFile() throws {
        let snapshot = try FormatTests.dataSet()
        let folder = try Folder()
        try "old".write(toFile: folder.path("r.json"), atomically: true, encoding: .utf8)
        for alias in try Self.aliases(of: "r.json", in: folder) {
            let result = run(["--db", snapshot.path, "--format", "json", "--output", folder.path("r.json"), "--report", "junit=\(alias)"])
            #expect(result.code == .usageError, "\(alias): \(result.errors)")
            #expect(result.errors.contains("are the same file") || result.errors.contains("already takes another report"), "\(result.errors)")
            #expect(try folder.read("r.json") == "old")
        }
        // Two names for a file not made yet.
        let result = run(["--db", snapshot.path, "--report", "json=\(folder.path("new.json"))", "--report", "junit=\(folder.url.path)/./new.json"])
        #expect(result.code == .usageError, "\(result.errors)")
        #expect(!folder.exists("new.json"))
    }

    /// Three names for standard output (and standard output itself, the main report's) would
    /// interleave three formats in one stream.
    @Test(arguments: [
        ["--output", "/dev/stdout", "--report", "junit=/dev/fd/1", "--report", "prometheus=/proc/self/fd/1"],
        ["--report", "junit=/dev/stdout"],
        ["--output", "/proc/self/fd/1", "--report", "json=/dev/fd/1"],
    ])
    func twoReportsNeverShareStandardOutput(destination: [String]) throws {
        let snapshot = try FormatTests.dataSet()
        let result = try runProcess(executableURL.path, ["--db", snapshot.path] + destination)
        #expect(result.status == 2, "\(result.errors)")
        #expect(result.output.isEmpty)
        #expect(result.errors.contains("are the same file"), "\(result.errors)")
    }

    /// Writing a character device changes nothing read from it: `/dev/null` as the baseline and
    /// the report is no overwrite.
    @Test func aCharacterDeviceInputMayAlsoTakeAReport() throws {
        let snapshot = try FormatTests.dataSet()
        let result = run(["--db", snapshot.path, "--baseline", "/dev/null", "--output", "/dev/null"])
        #expect(result.code == .violations, "\(result.errors)")
    }

    /// As root, a link that `nobody` left in a sticky folder is not followed (exit 2), whatever it
    /// points at; the kernel would refuse to open through it (fs.protected_symlinks), and
    /// traceaudit, which reads the link and renames over its target, refuses the same.
    @Test(.enabled(if: geteuid() == 0)) func linkAnotherUserOwnsIsNotFollowed() throws {
        let snapshot = try FormatTests.dataSet()
        let folder = try Folder()
        let sticky = folder.path("tmp")
        try FileManager.default.createDirectory(atPath: sticky, withIntermediateDirectories: false)
        #expect(chmod(sticky, 0o1777) == 0)
        let victim = folder.path("victim")
        try "precious\n".write(toFile: victim, atomically: true, encoding: .utf8)
        let nobody = try #require(getpwnam("nobody")).pointee.pw_uid
        for (index, option) in ["--output ", "--report json=", "--report markdown+="].enumerated() {
            let link = sticky + "/report-\(index).json"
            #expect(symlink(victim, link) == 0)
            #expect(lchown(link, nobody, gid_t(UInt32.max)) == 0)
            let destination = index == 0 ? ["--output", link] : ["--report", option.dropFirst("--report ".count) + link]
            let result = run(["--db", snapshot.path] + destination)
            #expect(result.code == .usageError, "\(option): \(result.errors)")
            #expect(result.errors.contains("owned by user nobody"), "\(result.errors)")
            #expect(result.errors.hasPrefix("traceaudit: error: \(option)"), "\(result.errors)")
            #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious\n")
        }
        // The caller's own link is followed.
        let own = sticky + "/own.json"
        #expect(symlink(victim, own) == 0)
        #expect(run(["--db", snapshot.path, "--format", "json", "--output", own]).code == .violations)
        #expect(try String(contentsOfFile: victim, encoding: .utf8).contains("\"schema_version\""))
    }

    @Test func linkPlans() {
        let kinds: [String: FileKind] = ["/t/mine": .symbolicLink, "/t/root": .symbolicLink, "/t/theirs": .symbolicLink, "/t/file": .regular]
        let owners: [String: UInt32] = ["/t/mine": 1000, "/t/root": 0, "/t/theirs": 65534]
        func plan(_ path: String) -> OutputPath.Plan {
            OutputPath.plan(
                path: path, option: "--report json=", caller: 1000, kindAt: { kinds[$0] }, linkTarget: { _ in "file" },
                linkOwner: { owners[$0] }, userName: { $0 == 65534 ? "nobody" : nil })
        }
        #expect(plan("/t/mine") == .replace(file: "/t/file"))
        #expect(plan("/t/root") == .replace(file: "/t/file"))
        guard case .refuseLink(let reason) = plan("/t/theirs") else {
            Issue.record("followed a link user 65534 owns: \(plan("/t/theirs"))")
            return
        }
        #expect(reason.hasPrefix("--report json=/t/theirs is a symbolic link owned by user nobody (uid 65534)"), "\(reason)")
    }

    /// Errors about a `--report` file name `--report`, not `--output`.
    @Test func reportErrorsNameTheReport() throws {
        let snapshot = try FormatTests.dataSet()
        let folder = try Folder()
        try FileManager.default.createDirectory(atPath: folder.path("dir"), withIntermediateDirectories: false)
        for (path, expected) in [(folder.path("dir"), "--report junit=\(folder.path("dir")) is a directory"),
                                 (folder.path("dir") + "/", "--report junit=\(folder.path("dir"))/ names a folder"),
                                 (folder.path("no/such/x.xml"), "cannot write --report junit=\(folder.path("no/such/x.xml"))")] {
            let result = run(["--db", snapshot.path, "--report", "junit=\(path)"])
            #expect(result.code == .cannotCheck)
            #expect(result.errors.contains(expected), "\(result.errors)")
            #expect(!result.errors.contains("--output"), "\(result.errors)")
        }
    }

    /// A report that cannot be written (a full device) leaves every other report of the run as it
    /// was: none is replaced unless all can be.
    @Test func aFailingReportLeavesTheOthersAsTheyWere() throws {
        let snapshot = try FormatTests.dataSet()
        let folder = try Folder()
        for name in ["out.json", "a.xml"] { try "old".write(toFile: folder.path(name), atomically: true, encoding: .utf8) }
        let result = run([
            "--db", snapshot.path, "--format", "json", "--output", folder.path("out.json"), "--report", "junit=\(folder.path("a.xml"))",
            "--report", "markdown=/dev/full",
        ])
        #expect(result.code == .cannotCheck, "\(result.errors)")
        #expect(result.errors.contains("--report markdown=/dev/full"), "\(result.errors)")
        #expect(try folder.read("out.json") == "old")
        #expect(try folder.read("a.xml") == "old")
        #expect(folder.names == ["a.xml", "out.json"], "no temporary file left")
    }

    /// The same on a real full disk, a 64 KiB tmpfs: a replaced report whose temporary file does not
    /// fit, and an append that does not fit, which is cut back off.
    @Test(.enabled(if: geteuid() == 0)) func aFullDiskLeavesEveryReportAsItWas() throws {
        let snapshot = try FormatTests.dataSet()
        let folder = try Folder()
        let disk = folder.path("disk")
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: false)
        let mounted = "size=64k".withCString { mount("tmpfs", disk, "tmpfs", 0, $0) }
        try #require(mounted == 0, "mount tmpfs: \(String(cString: strerror(errno)))")
        defer { umount(disk) }
        try "old".write(toFile: folder.path("out.json"), atomically: true, encoding: .utf8)
        // The summary fills its page, so that the report appended needs another.
        let summary = "# summary\n" + String(repeating: "earlier step\n", count: 314)
        try summary.write(toFile: disk + "/summary.md", atomically: false, encoding: .utf8)
        // Fill the disk to its last page.
        let filler = disk + "/filler"
        #expect(FileManager.default.createFile(atPath: filler, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: filler))
        while (try? handle.write(contentsOf: Data(count: 4096))) != nil {}
        try? handle.close()
        for destination in [["--report", "markdown+=\(disk)/summary.md"], ["--report", "junit=\(disk)/t.xml"]] {
            let result = run(["--db", snapshot.path, "--format", "json", "--output", folder.path("out.json")] + destination)
            #expect(result.code == .cannotCheck, "\(destination): \(result.errors)")
            #expect(try folder.read("out.json") == "old", "\(destination)")
            #expect(try String(contentsOfFile: disk + "/summary.md", encoding: .utf8) == summary, "\(destination)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: disk).sorted() == ["filler", "summary.md"])
        }
    }

    /// `+=` only for formats whose file stays valid with two reports in it.
    @Test(arguments: OutputFormat.allCases)
    func appendingOnlyWhereTwoReportsStayValid(format: OutputFormat) throws {
        let snapshot = try FormatTests.dataSet()
        let folder = try Folder()
        let extra = format == .email ? ["--mail-to", "a@example.com"] : []
        let result = run(["violations", "--db", snapshot.path, "--report", "\(format.rawValue)+=\(folder.path("r"))"] + extra)
        if [.table, .markdown, .github].contains(format) {
            #expect(result.code == .violations, "\(format): \(result.errors)")
        } else {
            #expect(result.code == .usageError, "\(format): \(result.errors)")
            #expect(result.errors.contains("cannot be appended"), "\(result.errors)")
            #expect(!folder.exists("r"))
        }
    }
}
