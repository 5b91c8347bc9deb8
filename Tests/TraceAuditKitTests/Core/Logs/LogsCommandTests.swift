import Foundation
import Testing
@testable import TraceAuditKit

/// `traceaudit logs`: every supported form, unreadable records reported, the cross-check.
@Suite("The log check")
struct LogsCommandTests {
    static let message = "POLICY_VIOLATION: Job succeeded without trace_id"

    /// Writes `text` (or bytes) to a file in `folder`.
    static func write(_ bytes: [UInt8], _ name: String, in folder: URL) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("traceaudit-logs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// One entry in each form, for jobs j1…j8, and the lines around them.
    static let mixed: String = [
        #"{"level":"info","time":"2026-02-05T09:00:00Z","msg":"job started","jobId":"j0"}"#,
        #"{"level":"warn","time":"2026-02-05T10:00:00Z","msg":"\#(message)","jobId":"j1","type":"send_email","createdAt":"2026-02-05T09:59:00Z","correlationId":"c1"}"#,
        #"{"severity":"WARNING","timestamp":"2026-02-05T11:00:00Z","message":"\#(message)","metadata":{"jobId":"j2","type":"charge"}}"#,
        #"{"level":"warn","ts":1770289200,"event_message":"\#(message)","context":{"job_id":"j3","type":"charge"}}"#,
        #"{"level":"warn","time":"2026-02-05T13:00:00Z","msg":"\#(message) {\"jobId\":\"j4\",\"type\":\"sync\"}"}"#,
        #"2026-02-05T14:00:00Z WARN \#(message) {"jobId":"j5","type":"sync","correlationId":"c5"}"#,
        #"[2026-02-05 15:00:00] ERROR \#(message) jobId=j6 type="sync report" correlationId=c6"#,
        #"2026-02-05 16:00:00Z warn something else entirely"#,
        #"{"level":"warn","time":"2026-02-06T10:00:00Z","msg":"\#(message)","jobId":"j7","type":"sy"#,
        #"nc"}"#,
        #"{"level":"info","time":"2026-02-06T11:00:00Z","msg":"cut {"#,
    ].joined(separator: "\n") + "\n"

    @Test func readsEveryForm() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try Self.write(Array(Self.mixed.utf8), "app.log", in: folder)
        let result = run(["logs", path, "--format", "json"])
        #expect(result.code == .violations, "\(result.errors)")
        let json = try result.json
        #expect(json.int("logged.count") == 7)
        let entries = try #require(json.value("logged.entries") as? [[String: Any]])
        #expect(entries.map { $0["job_id"] as? String } == ["j1", "j2", "j3", "j4", "j5", "j6", nil])
        #expect(entries.map { $0["type"] as? String } == ["send_email", "charge", "charge", "sync", "sync", "sync report", nil])
        #expect(entries.map { $0["logged_at"] as? String } == [
            "2026-02-05T10:00:00Z", "2026-02-05T11:00:00Z", "2026-02-05T11:00:00Z", "2026-02-05T13:00:00Z",
            "2026-02-05T14:00:00Z", "2026-02-05T15:00:00Z", "2026-02-06T10:00:00Z",
        ].map(Optional.some).enumerated().map { $0.offset == 6 ? nil : $0.element })
        #expect(entries[0]["created_at"] as? String == "2026-02-05T09:59:00Z")
        #expect(entries[0]["correlation_id"] as? String == "c1")
        #expect(entries[5]["correlation_id"] as? String == "c6")
        #expect(entries.map { $0["severity"] as? String } == ["warn", "WARNING", "warn", "warn", "warn", "error", nil])
        #expect(entries.map { $0["readable"] as? Bool } == [true, true, true, true, true, true, false])
        #expect(json.int("unreadable.count") == 2)
        #expect((json.value("unreadable.first") as? [String]) == ["\(path):9", "\(path):11"])
        #expect(json.value("logs_cover.since") as? String == "2026-02-05T09:00:00Z")
        let byDay = try #require(json.value("logged.by_day") as? [[String: Any]])
        #expect(byDay.map { $0["day"] as? String } == ["2026-02-05", nil])
        #expect(byDay.map { $0["count"] as? Int } == [6, 1])
        let byType = try #require(json.value("logged.by_type") as? [[String: Any]])
        #expect(byType.first?["type"] as? String == "charge")
    }

    @Test func jsonArrayExportAndCRLF() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let export = """
            [
              {"timestamp": "2026-02-05T10:00:00Z", "message": "\(Self.message)", "jobId": "a1", "type": "t, with [brackets] and \\"quotes\\""},
              {"timestamp": "2026-02-05T10:01:00Z", "message": "other"},
              {"timestamp": "2026-02-05T10:02:00Z", "message": "\(Self.message)", "metadata": {"jobId": "a2"}}
            ]
            """
        let path = try Self.write(Array(export.utf8), "export.json", in: folder)
        let json = try run(["logs", path, "--format", "json"]).json
        #expect(json.int("logged.count") == 2)
        #expect((json.value("logged.entries") as? [[String: Any]])?.map { $0["job_id"] as? String } == ["a1", "a2"])
        #expect((json.value("logged.entries") as? [[String: Any]])?.first?["type"] as? String == "t, with [brackets] and \"quotes\"")
        #expect(json.int("records") == 3)
        let crlf = try Self.write(Array("a\r\n{\"msg\":\"\(Self.message)\",\"jobId\":\"c1\"}\r\nb\r\n".utf8), "crlf.log", in: folder)
        let fromCRLF = try run(["logs", crlf, "--format", "json"]).json
        #expect((fromCRLF.value("logged.entries") as? [[String: Any]])?.first?["job_id"] as? String == "c1")
        #expect(fromCRLF.int("unreadable.count") == 0)
    }

    @Test func nonUTF8BytesAndGzipAndStandardInput() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes: [UInt8] = Array("{\"msg\":\"\(Self.message)\",\"jobId\":\"x".utf8) + [0xC3, 0x28, 0xFF] + Array("\",\"type\":\"t\"}\n".utf8)
            + [0x80, 0x81] + Array(" noise\n".utf8)
        let path = try Self.write(bytes, "bytes.log", in: folder)
        let json = try run(["logs", path, "--format", "json"]).json
        #expect(json.int("logged.count") == 1)
        #expect((json.value("logged.entries") as? [[String: Any]])?.first?["job_id"] as? String == "x\u{FFFD}(\u{FFFD}")
        let plain = try Self.write(Array(Self.mixed.utf8), "app.log", in: folder)
        try runProcess("/bin/gzip", ["-k", plain])
        let gz = run(["logs", plain + ".gz", "--format", "json"])
        #expect(try gz.json.int("logged.count") == 7)
        // The content decides, never the name: text named .gz is text, and a cut gzip fails.
        let notGzip = try Self.write(Array("plain".utf8), "fake.gz", in: folder)
        #expect(run(["logs", notGzip]).code == .passed)
        let whole = try Array(Data(contentsOf: URL(fileURLWithPath: plain + ".gz")))
        let cut = try Self.write(Array(whole.prefix(whole.count - 12)), "cut.log", in: folder)
        let failed = run(["logs", cut])
        #expect(failed.code == .cannotCheck)
        #expect(failed.errors.contains("cannot decompress log"), "\(failed.errors)")
        let piped = try runProcess("/bin/bash", ["-c", "cat '\(plain)' | '\(executableURL.path)' logs - --format json"])
        #expect(piped.status == 1)
        #expect(piped.output.contains("\"count\": 7"))
        let clean = try Self.write(Array("all good\n".utf8), "clean.log", in: folder)
        #expect(run(["logs", clean]).code == .passed)
        #expect(run(["logs", folder.appendingPathComponent("none.log").path]).code == .cannotCheck)
    }

    @Test func usage() {
        #expect(run(["logs"]).errors.contains("logs needs log files"))
        #expect(run(["logs", "-", "-"]).code == .usageError)
        #expect(run(["check", "--db", "x.sqlite", "--logs", "a.log"]).errors.contains("--logs goes with readiness"))
    }

    /// Each of the four states of a logged job, and a violation no entry mentions.
    @Test func crossCheckWithASnapshot() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try SnapshotFile(jobs: CrossCheckData.jobs)
        let log = try Self.write(Array(CrossCheckData.log.utf8), "app.log", in: folder)
        let result = run(["logs", log, "--db", file.path, "--format", "json"])
        #expect(result.code == .violations, "\(result.errors)")
        try CrossCheckData.verify(try result.json)
        let table = run(["logs", log, "--db", file.path])
        #expect(table.output.contains("Not found in the logs: 1"))
        #expect(table.output.contains("a code path skipped the runtime check"))
        // Wrapped to the terminal: the reason reads whole once the lines are joined.
        #expect(table.output.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("100 log events per function per 10 s"))
        let windowed = try run(["logs", log, "--db", file.path, "--format", "json", "--since", "2026-02-10T00:00:00Z", "--until", "2026-02-10T03:00:00Z"]).json
        #expect(windowed.int("cross_check.unlogged.count") == 0)
    }

    /// A job created before the logs begin that succeeded inside them without an entry is unlogged:
    /// jobs are matched by when they succeeded (updated_at, else created_at), and the report says so.
    @Test func unloggedViolationsBySuccess() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try SnapshotFile(jobs: SuccessClockData.jobs)
        let log = try Self.write(Array(SuccessClockData.log.utf8), "app.log", in: folder)
        let result = run(["logs", log, "--db", file.path, "--format", "json"])
        #expect(result.code == .violations, "\(result.errors)")
        try SuccessClockData.verify(try result.json)
        let table = run(["logs", log, "--db", file.path]).output
        #expect(table.contains("Not found in the logs: 2 in the table with no log entry\n  succeeded"))
        #expect(table.contains("when a job succeeded: its updated_at, else created_at"))
        #expect(run(["logs", log, "--db", file.path, "--format", "markdown"]).output.contains("succeeded by updated_at, else created_at"))
    }

    /// Two log files with weeks between them cover each its own span, as readiness counts it: a
    /// violation that succeeded between them is "not covered by the logs" (it still fails the run),
    /// never "not found in the logs" with the platform's reasons; one inside a span still is.
    @Test func aGapBetweenTwoFilesIsNotCovered() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try SnapshotFile(jobs: GapData.jobs)
        let first = try Self.write(Array(GapData.first.utf8), "gA.log", in: folder)
        let second = try Self.write(Array(GapData.second.utf8), "gB.log", in: folder)
        let result = run(["logs", first, second, "--db", file.path, "--format", "json"])
        #expect(result.code == .violations, "\(result.errors)")
        try GapData.verify(try result.json)
        let table = run(["logs", first, second, "--db", file.path], environment: ["COLUMNS": "80"])
        #expect(table.code == .violations)
        #expect(table.output.contains(
            "  logs cover since 2026-02-01T00:00:00Z until 2026-02-02T00:00:00.000001Z\n"
                + "  logs cover since 2026-03-10T00:00:00Z until 2026-03-11T00:00:00.000001Z\n"), "\(table.output)")
        #expect(table.output.contains("1 not covered by the logs"))
        let notFound = try #require(table.output.range(of: "Not found in the logs: 2"))
        let notCovered = try #require(table.output.range(of: "Not covered by the logs: 1"))
        // The gap job is listed under "not covered", after the unlogged ones and their reasons.
        let gapRow = try #require(table.output.range(of: "\n  20 "))
        #expect(notFound.upperBound < notCovered.lowerBound && notCovered.upperBound < gapRow.lowerBound)
        #expect(!table.output[notFound.upperBound..<notCovered.lowerBound].contains("\n  20 "))
        let markdown = run(["logs", first, second, "--db", file.path, "--format", "markdown"]).output
        #expect(markdown.contains("not covered by the logs: **1**") && markdown.contains("| 20 | send\\_email |"))
        let junit = try JUnitDocument(run(["logs", first, second, "--db", file.path, "--format", "junit"]).output)
        #expect(junit.root.all("testcase").first { $0.attributes["name"] == "not_covered_violations" }?.all("failure").count == 1)
        let samples = try PrometheusSamples(run(["logs", first, second, "--db", file.path, "--format", "prometheus"]).output)
        #expect(samples["traceaudit_not_covered_violations"] == 1)
        #expect(samples["traceaudit_unlogged_violations"] == 2)
    }

    /// One file is one span from its first to its last record: the same job, inside it, is not found.
    @Test func oneFileIsOneSpan() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try SnapshotFile(jobs: GapData.jobs)
        let log = try Self.write(Array((GapData.first + GapData.second).utf8), "all.log", in: folder)
        let result = run(["logs", log, "--db", file.path, "--format", "json"])
        #expect(result.code == .violations, "\(result.errors)")
        let json = try result.json
        #expect((json.value("coverage.covered") as? [[String: String]]) == [["since": "2026-02-01T00:00:00Z", "until": "2026-03-11T00:00:00.000001Z"]])
        #expect(json.value("coverage.source") as? String == "records")
        #expect(json.int("cross_check.not_covered.count") == 0)
        #expect(Set((json.value("cross_check.unlogged.rows") as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []) == ["20", "21", "22"])
        let table = run(["logs", log, "--db", file.path]).output
        #expect(table.contains("  logs cover since 2026-02-01T00:00:00Z until 2026-03-11T00:00:00.000001Z\n\n"), "\(table)")
        #expect(!table.contains("not covered"))
    }

    /// Every format of the logs report parses.
    @Test func formats() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try SnapshotFile(jobs: CrossCheckData.jobs)
        let log = try Self.write(Array(CrossCheckData.log.utf8), "app.log", in: folder)
        let junit = try JUnitDocument(run(["logs", log, "--db", file.path, "--format", "junit"]).output)
        #expect(junit.root.all("testcase").map { $0.attributes["name"] } == ["logged_violations", "unreadable_records", "unlogged_violations", "not_matched_violations", "not_covered_violations"])
        #expect(junit.root.attributes["failures"] == "2")
        let samples = try PrometheusSamples(run(["logs", log, "--db", file.path, "--format", "prometheus"]).output)
        #expect(samples["traceaudit_logged_violations"] == 4)
        #expect(samples["traceaudit_unlogged_violations"] == 1)
        #expect(samples["traceaudit_logged_jobs{state=\"not_found\"}"] == 1)
        let github = try run(["logs", log, "--db", file.path, "--format", "github"]).output.split(separator: "\n").map { try WorkflowCommand(String($0)) }
        #expect(github.first?.message.hasPrefix("FAIL: 4 POLICY_VIOLATION entries · 1 not found in the logs") == true)
        #expect(github.count == 6 && github.allSatisfy { $0.name == "error" && $0.properties["title"] != nil })
        let csv = run(["logs", log, "--format", "csv"]).output
        #expect(csv.hasPrefix("source,line,logged_at,job_id"))
        #expect(csv.split(separator: "\r\n").count == 5)
        #expect(run(["logs", log, "--format", "markdown"]).output.contains("## traceaudit logs: ❌ FAIL"))
    }
}

/// A table and a log with a job in each cross-check state and one violation not found in the logs.
enum CrossCheckData {
    static let jobs: [Job] = [
        Job(id: 1, createdAt: "2026-02-10 01:00:00Z", traceId: nil),  // logged, still a violation
        Job(id: 2, createdAt: "2026-02-10 02:00:00Z", traceId: "fixed-by-retry"),  // logged, now traced
        Job(id: 3, createdAt: "2026-02-10 03:00:00Z", status: "failed", traceId: nil),  // logged, no longer succeeded
        Job(id: 4, createdAt: "2026-02-10 04:00:00Z", traceId: ""),  // not logged: not found in the logs
        Job(id: 5, createdAt: "2026-02-10 05:00:00Z"),
        Job(id: 6, createdAt: "2026-02-12 05:00:00Z", traceId: nil),  // after the logs end: not counted as unlogged
    ]

    static let log = [
        #"{"time":"2026-02-10T00:00:00Z","msg":"orchestrator started"}"#,
        #"{"time":"2026-02-10T01:00:05Z","msg":"POLICY_VIOLATION: Job succeeded without trace_id","jobId":"1","type":"send_email"}"#,
        #"{"time":"2026-02-10T02:00:05Z","msg":"POLICY_VIOLATION: Job succeeded without trace_id","jobId":"2","type":"send_email"}"#,
        #"{"time":"2026-02-10T03:00:05Z","msg":"POLICY_VIOLATION: Job succeeded without trace_id","jobId":"3","type":"send_email"}"#,
        #"{"time":"2026-02-10T03:30:05Z","msg":"POLICY_VIOLATION: Job succeeded without trace_id","jobId":"404","type":"send_email"}"#,
        #"{"time":"2026-02-10T23:59:00Z","msg":"heartbeat"}"#,
    ].joined(separator: "\n") + "\n"

    static func verify(_ json: [String: Any]) throws {
        #expect(json.int("logged.count") == 4)
        #expect(json.int("cross_check.logged_jobs.still_violation") == 1)
        #expect(json.int("cross_check.logged_jobs.now_has_trace") == 1)
        #expect(json.int("cross_check.logged_jobs.no_longer_succeeded") == 1)
        #expect(json.int("cross_check.logged_jobs.not_found") == 1)
        #expect(json.int("cross_check.unlogged.count") == 1)
        #expect((json.value("cross_check.unlogged.rows") as? [[String: Any]])?.first?["id"] as? String == "4")
        #expect(json.value("cross_check.window.since") as? String == "2026-02-10T00:00:00Z")
        #expect(json["passed"] as? Bool == false)
    }
}

/// Jobs around the logs' span (2026-02-10T00:00:00Z to 23:59:00Z) by when they were created and
/// when they succeeded.
enum SuccessClockData {
    static let jobs: [Job] = [
        // Logged.
        Job(id: 1, createdAt: "2026-02-09 23:30:00Z", updatedAt: "2026-02-10 01:00:00Z", traceId: nil),
        // Created before the logs begin, succeeded inside them, never logged: unlogged.
        Job(id: 10, createdAt: "2026-02-09 20:00:00Z", updatedAt: "2026-02-10 06:00:00Z", traceId: nil),
        // Created and succeeded before the logs begin: not theirs to mention.
        Job(id: 11, createdAt: "2026-02-09 21:00:00Z", updatedAt: "2026-02-09 22:00:00Z", traceId: nil),
        // Created inside, succeeded after the logs end: could not be logged yet.
        Job(id: 12, createdAt: "2026-02-10 07:00:00Z", updatedAt: "2026-02-11 01:00:00Z", traceId: ""),
        // No updated_at: created_at is when it succeeded, inside the logs: unlogged.
        Job(id: 14, createdAt: "2026-02-10 08:00:00Z", updatedAt: nil, traceId: nil),
        // No updated_at, created before the logs begin.
        Job(id: 15, createdAt: "2026-02-09 23:00:00Z", updatedAt: nil, traceId: nil),
    ]

    static let log = [
        #"{"time":"2026-02-10T00:00:00Z","msg":"orchestrator started"}"#,
        #"{"time":"2026-02-10T01:00:05Z","msg":"POLICY_VIOLATION: Job succeeded without trace_id","jobId":"1","type":"send_email"}"#,
        #"{"time":"2026-02-10T23:59:00Z","msg":"heartbeat"}"#,
    ].joined(separator: "\n") + "\n"

    static func verify(_ json: [String: Any]) throws {
        #expect(json.int("cross_check.logged_jobs.still_violation") == 1)
        #expect(json.int("cross_check.unlogged.count") == 2)
        #expect((json.value("cross_check.unlogged.rows") as? [[String: Any]])?.map { $0["id"] as? String } == ["14", "10"])
        #expect(json.value("cross_check.clock") as? String == "updated_at")
    }
}

/// Two log files with weeks between them, and violations inside each and between them.
enum GapData {
    static let jobs: [Job] = [
        // Succeeded between the two files: no log covers it.
        Job(id: 20, createdAt: "2026-02-20 10:00:00Z", updatedAt: "2026-02-20 10:00:00Z", traceId: nil, correlationId: "c-gap"),
        // Inside the second file's span, never logged: not found.
        Job(id: 21, createdAt: "2026-03-10 10:00:00Z", updatedAt: "2026-03-10 10:00:00Z", traceId: nil),
        // Inside the first file's span, never logged: not found.
        Job(id: 22, createdAt: "2026-02-01 12:00:00Z", traceId: ""),
    ]

    static let first = [
        #"{"time":"2026-02-01T00:00:00Z","msg":"job succeeded"}"#,
        #"{"time":"2026-02-02T00:00:00Z","msg":"job succeeded"}"#,
    ].joined(separator: "\n") + "\n"

    static let second = [
        #"{"time":"2026-03-10T00:00:00Z","msg":"job succeeded"}"#,
        #"{"time":"2026-03-11T00:00:00Z","msg":"job succeeded"}"#,
    ].joined(separator: "\n") + "\n"

    /// The report of both files: the gap job not covered, the others not found, two spans.
    static func verify(_ json: [String: Any]) throws {
        #expect(json.value("passed") as? Bool == false)
        #expect(json.value("coverage.source") as? String == "records")
        #expect((json.value("coverage.covered") as? [[String: String]]) == [
            ["since": "2026-02-01T00:00:00Z", "until": "2026-02-02T00:00:00.000001Z"],
            ["since": "2026-03-10T00:00:00Z", "until": "2026-03-11T00:00:00.000001Z"],
        ])
        #expect(json.int("cross_check.not_covered.count") == 1)
        #expect((json.value("cross_check.not_covered.rows") as? [[String: Any]])?.map { $0["id"] as? String } == ["20"])
        #expect((json.value("cross_check.not_covered.rows") as? [[String: Any]])?.first?["correlation_id"] as? String == "c-gap")
        #expect(json.int("cross_check.unlogged.count") == 2)
        #expect(Set((json.value("cross_check.unlogged.rows") as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []) == ["21", "22"])
        #expect(json.int("cross_check.not_matched.count") == 0)
    }
}
