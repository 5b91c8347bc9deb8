import Foundation
import Testing
@testable import TraceAuditKit

/// What a log is, told by its content and never by its name (issue 20, items 2 and 3): a leading
/// JSON array does not swallow the lines after it, gzip is decompressed through zlib wherever it
/// comes from, the compressions that cannot be read fail naming themselves, and UTF-16 is decoded
/// with or without a byte-order mark, or refused when it is mixed with 8-bit text.
@Suite("Log content")
struct LogContentTests {
    static let message = LogsCommandTests.message
    static let line = "\(message) { jobId: \"4102\" }\n"

    static func shell(_ script: String) throws -> (status: Int32, output: String, errors: String) {
        let result = try runProcess("/bin/bash", ["-c", script], environment: ["PATH": "/usr/bin:/bin", "BIN": executableURL.path])
        return (result.status, result.output, result.errors)
    }

    /// Issue 20 item 2: `console.log([])` or Deno's `[ "a" ]` before the marker's line.
    @Test(arguments: ["[]", "[ \"a\" ]", "[\n  \"a\",\n  \"b\"\n]", "[{\"msg\":\"boot\"}]"])
    func leadingArrayDoesNotHideTheLinesAfterIt(array: String) throws {
        let folder = try LogsCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try LogsCommandTests.write(Array((array + "\n" + Self.line + "after\n").utf8), "app.log", in: folder)
        let result = run(["logs", path, "--format", "json"])
        #expect(result.code == .violations, "\(array): \(result.errors)")
        let entries = try #require(try result.json.value("logged.entries") as? [[String: Any]])
        #expect(entries.map { $0["job_id"] as? String } == ["4102"], "\(array)")
        let piped = try Self.shell("printf '[]\\nPOLICY_VIOLATION: Job succeeded without trace_id { jobId: \"4102\" }\\n' | \"$BIN\" logs -")
        #expect(piped.status == 1, "\(piped.output)")
    }

    /// One log-drain request body per line: every array's every element is a record.
    @Test func arraysOneAfterAnother() throws {
        let folder = try LogsCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let body = { (ids: [Int]) in
            "[" + ids.map { #"{"event_message":"\#(Self.message) { jobId: \"\#($0)\" }","timestamp":177046212345600\#($0 % 10)}"# }.joined(separator: ",") + "]"
        }
        let path = try LogsCommandTests.write(Array((body([1, 2]) + "\n" + body([3]) + "\n" + body([4, 5, 6]) + "\n").utf8), "drain.log", in: folder)
        let json = try run(["logs", path, "--format", "json", "--all"]).json
        #expect(json.int("records") == 6)
        #expect(json.int("unreadable.count") == 0)
        #expect(Set((json.value("logged.entries") as? [[String: Any]] ?? []).compactMap { $0["job_id"] as? String }) == ["1", "2", "3", "4", "5", "6"])
    }

    /// Gzip by its magic bytes: on a pipe, under an upper-case name, in members one after another
    /// (concatenated files, rotation), and a cut one fails.
    @Test func gzipByContent() throws {
        let folder = try LogsCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = try LogsCommandTests.write(Array(Self.line.utf8), "a.log", in: folder)
        let other = try LogsCommandTests.write(Array(Self.line.replacingOccurrences(of: "4102", with: "4103").utf8), "b.log", in: folder)
        let piped = try Self.shell("gzip -c '\(plain)' | \"$BIN\" logs - --format json")
        #expect(piped.status == 1, "\(piped.errors)")
        #expect(piped.output.contains("\"4102\""))
        _ = try Self.shell("gzip -c '\(plain)' > '\(folder.path)/UPPER.GZ'; gzip -c '\(plain)' > '\(folder.path)/noname'")
        for name in ["UPPER.GZ", "noname"] {
            let json = try run(["logs", folder.appendingPathComponent(name).path, "--format", "json"]).json
            #expect(json.int("logged.count") == 1, "\(name)")
        }
        _ = try Self.shell("(gzip -c '\(plain)'; gzip -c '\(other)') > '\(folder.path)/two.gz'")
        let two = try run(["logs", folder.appendingPathComponent("two.gz").path, "--format", "json"]).json
        #expect((two.value("logged.entries") as? [[String: Any]])?.compactMap { $0["job_id"] as? String } == ["4102", "4103"])
        _ = try Self.shell("gzip -c '\(plain)' | head -c 20 > '\(folder.path)/cut.gz'")
        let cut = run(["logs", folder.appendingPathComponent("cut.gz").path])
        #expect(cut.code == .cannotCheck)
        #expect(cut.errors.contains("truncated"), "\(cut.errors)")
    }

    /// Gzip's memory stays flat: 40 MB of log decompressed through a 64 KiB buffer.
    @Test func gzipStreamsInFixedMemory() throws {
        let folder = try LogsCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("big.gz").path
        _ = try Self.shell("yes '{\"msg\":\"job done\",\"time\":\"2026-02-05T10:00:00Z\"}' | head -c 40000000 | gzip -1 > '\(path)'")
        let json = try run(["logs", path, "--format", "json"]).json
        let line = #"{"msg":"job done","time":"2026-02-05T10:00:00Z"}"#.utf8.count + 1
        #expect(json.int("records") == (40_000_000 + line - 1) / line)
    }

    /// zstd, xz, bzip2 and the like are not read as text: exit 3, naming the format and the way out.
    /// zstd, xz and bzip2 are on every machine the suite runs on; lz4 only where installed (it is
    /// reported skipped elsewhere).
    @Test(arguments: [("zstd -q -c", "zstd"), ("xz -c", "xz"), ("bzip2 -c", "bzip2")])
    func otherCompressionsFailNamingTheFormat(command: String, format: String) throws {
        try Self.expectRefused(compressedBy: command, format: format)
    }

    @Test(.enabled(if: ExternalTool.find("lz4") != nil))
    func lz4FailsNamingTheFormat() throws {
        try Self.expectRefused(compressedBy: "lz4 -q -c", format: "lz4")
    }

    static func expectRefused(compressedBy command: String, format: String) throws {
        let folder = try LogsCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try #require(try Self.shell("command -v \(command.split(separator: " ")[0])").status == 0, "\(format) is not installed")
        let plain = try LogsCommandTests.write(Array(Self.line.utf8), "a.log", in: folder)
        let result = try Self.shell("\(command) '\(plain)' | \"$BIN\" logs -")
        #expect(result.status == 3, "\(format): \(result.output)")
        #expect(result.errors.contains("\(format)-compressed"), "\(result.errors)")
        #expect(result.errors.contains("\(format) -dc"), "\(result.errors)")
    }

    /// `iconv -t UTF-16LE` (and BE) write no byte-order mark: the NUL bytes tell.
    @Test(arguments: ["UTF-16LE", "UTF-16BE"])
    func utf16WithoutAMarkIsDecoded(encoding: String) throws {
        let folder = try LogsCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = try LogsCommandTests.write(Array(("started\n" + Self.line).utf8), "a.log", in: folder)
        let result = try Self.shell("iconv -f UTF-8 -t \(encoding) '\(plain)' | \"$BIN\" logs - --format json")
        #expect(result.status == 1, "\(encoding): \(result.errors)")
        #expect(result.output.contains("\"job_id\": \"4102\""), "\(result.output)")
    }

    /// A UTF-16 file appended after a UTF-8 one (or the other way round) cannot pass silently.
    @Test func mixedEncodingsFail() throws {
        let folder = try LogsCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = try LogsCommandTests.write(Array(("started\n" + Self.line).utf8), "a.log", in: folder)
        let utf8First = try Self.shell("(cat '\(plain)'; iconv -f UTF-8 -t UTF-16LE '\(plain)') | \"$BIN\" logs -")
        #expect(utf8First.status == 3, "\(utf8First.output)")
        #expect(utf8First.errors.contains("NUL bytes"), "\(utf8First.errors)")
        let long = try LogsCommandTests.write(Array((String(repeating: "job started fine\n", count: 40) + Self.line).utf8), "b.log", in: folder)
        let utf16First = try Self.shell("(iconv -f UTF-8 -t UTF-16LE '\(long)'; cat '\(long)') | \"$BIN\" logs -")
        #expect(utf16First.status == 3, "\(utf16First.output)")
        #expect(utf16First.errors.contains("UTF-16"), "\(utf16First.errors)")
    }

    /// The bytes of a response body already in memory read like a file (the `--supabase` fetch
    /// hands them over this way).
    @Test func bytesInMemory() throws {
        var findings = LogFindings(limit: 10, window: .all, collectsJobIds: true)
        let body = Array(#"{"result":[{"id":"a","timestamp":1770462123456000,"event_message":"\#(Self.message) { jobId: \"7\" }"}],"error":null}"#.utf8)
        try LogScanner.scan([LogInput(name: "api window 1", bytes: body)], into: &findings)
        #expect(findings.count == 1)
        #expect(findings.entries.first?.jobId == "7")
        #expect(findings.entries.first?.loggedAt?.description == "2026-02-07T11:02:03.456000Z")
    }
}
