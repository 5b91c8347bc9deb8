import Foundation
import Testing
@testable import TraceAuditKit

/// `logs --all`: every entry written as it is read, the summary after, nothing kept in memory.
@Suite("logs --all streams")
struct LogStreamTests {
    /// A log with `count` entries (jobs 1…count) between other lines.
    static func log(entries count: Int) -> String {
        (1...count).map { number in
            #"{"time":"2026-02-10T01:00:00Z","msg":"job finished","jobId":"\#(number)"}"# + "\n"
                + #"{"time":"2026-02-10T01:00:05Z","msg":"POLICY_VIOLATION: Job succeeded without trace_id","jobId":"\#(number)","type":"send_email","correlationId":"req-\#(number)"}"#
                + "\n"
        }.joined()
    }

    /// The JSON report without its time of generation.
    static func withoutTime(_ json: [String: Any]) -> [String: Any] {
        var json = json
        json["generated_at"] = nil
        return json
    }

    /// Streamed, the report says what the whole report says: the same JSON, the same CSV, also
    /// with the cross-check.
    @Test func streamedReportIsTheWholeReport() throws {
        let folder = try LogsCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = try LogsCommandTests.write(Array(Self.log(entries: 120).utf8), "app.log", in: folder)
        let streamed = run(["logs", log, "--all", "--format", "json"])
        let whole = run(["logs", log, "--limit", "1000", "--format", "json"])
        #expect(streamed.code == .violations)
        let json = try streamed.json
        #expect(NSDictionary(dictionary: Self.withoutTime(json)) == NSDictionary(dictionary: Self.withoutTime(try whole.json)))
        #expect((json.value("logged.entries") as? [Any])?.count == 120)
        #expect(run(["logs", log, "--all", "--format", "csv"]).output == run(["logs", log, "--limit", "1000", "--format", "csv"]).output)
        let empty = try LogsCommandTests.write(Array("nothing to see\n".utf8), "empty.log", in: folder)
        let none = try run(["logs", empty, "--all", "--format", "json"]).json
        #expect(NSDictionary(dictionary: Self.withoutTime(none)) == NSDictionary(dictionary: Self.withoutTime(try run(["logs", empty, "--format", "json"]).json)))

        let file = try SnapshotFile(jobs: CrossCheckData.jobs)
        let crossLog = try LogsCommandTests.write(Array(CrossCheckData.log.utf8), "cross.log", in: folder)
        let crossStreamed = try run(["logs", crossLog, "--db", file.path, "--all", "--format", "json"]).json
        try CrossCheckData.verify(crossStreamed)
        let crossWhole = try run(["logs", crossLog, "--db", file.path, "--limit", "1000", "--format", "json"]).json
        #expect(NSDictionary(dictionary: Self.withoutTime(crossStreamed)) == NSDictionary(dictionary: Self.withoutTime(crossWhole)))
    }

    /// The table lists every entry first, then the verdict and the summary.
    @Test func tableListsEveryEntryThenTheSummary() throws {
        let folder = try LogsCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = try LogsCommandTests.write(Array(Self.log(entries: 60).utf8), "app.log", in: folder)
        // 120 columns: the wide layout, which lists the correlation ids.
        let output = run(["logs", log, "--all"], environment: ["COLUMNS": "120"]).output
        let lines = output.split(separator: "\n").map(String.init)
        let entryLines = lines.filter { $0.contains("send_email") && $0.contains(" req-") }
        #expect(entryLines.count == 60)
        let verdict = try #require(lines.firstIndex { $0.hasPrefix("FAIL") })
        #expect(lines.lastIndex { $0.contains(" req-60 ") }.map { $0 < verdict } == true)
        #expect(output.contains("Entries: all 60, listed above as they were read"))
    }

    /// With a stream, the findings keep no entry: memory does not grow with the entries.
    @Test func streamingKeepsNoEntries() throws {
        let folder = try LogsCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = try LogsCommandTests.write(Array(Self.log(entries: 500).utf8), "app.log", in: folder)
        let logs = LogsRequest(logFiles: [log])
        let request = AuditRequest(violationLimit: nil)
        let sink = StringSink()
        let context = ReportContext(engine: nil, target: "", command: .logs, policy: Policy(), window: .all, startedAt: .now)
        let outputs = ReportOutputs(sink: sink, style: Style(enabled: false), context: context, format: .json, silencesPass: false, reports: [])
        let stream = try #require(LogStream(logs, request: request, outputs: outputs))
        let report = try LogReport.run(request, logs: logs, session: nil, stream: stream)
        #expect(report.findings.count == 500)
        #expect(report.findings.entries.isEmpty)
        stream.end(report)
        let json = try JSONSerialization.jsonObject(with: Data(sink.text.utf8)) as? [String: Any]
        #expect((json?.value("logged.entries") as? [Any])?.count == 500)
    }

    /// Entries reach standard output while the log is still being written: nothing waits for the
    /// end of the input.
    @Test(.timeLimit(.minutes(2))) func entriesAreWrittenAsTheyAreRead() throws {
        let process = Process()
        process.executableURL = executableURL
        process.arguments = ["logs", "-", "--all", "--format", "csv"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { process.waitUntilExit() }
        let received = DispatchSemaphore(value: 0)
        let reader = Thread {
            _ = output.fileHandleForReading.availableData
            received.signal()
            _ = output.fileHandleForReading.readDataToEndOfFile()
        }
        reader.start()
        // Enough entries that the output passes the 64 KiB buffer; the input stays open.
        let entries = Data(Self.log(entries: 2000).utf8)
        let written = DispatchSemaphore(value: 0)
        let writer = Thread {
            input.fileHandleForWriting.write(entries)
            written.signal()
        }
        writer.start()
        let arrived = received.wait(timeout: .now() + 30) == .success
        #expect(arrived, "no entry was written before the input ended")
        written.wait()
        try input.fileHandleForWriting.close()
        if !arrived { _ = received.wait(timeout: .now() + 30) }
    }

    /// Every report of the run streams: --format and each --report get the whole report.
    @Test func everyReportStreams() throws {
        let folder = try LogsCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = try LogsCommandTests.write(Array(Self.log(entries: 40).utf8), "app.log", in: folder)
        let json = folder.appendingPathComponent("logs.json").path
        let csv = folder.appendingPathComponent("logs.csv").path
        let junit = folder.appendingPathComponent("logs.xml").path
        let result = run(["logs", log, "--all", "--format", "table", "--report", "json=\(json)", "--report", "csv=\(csv)", "--report", "junit=\(junit)"])
        #expect(result.code == .violations, "\(result.errors)")
        #expect(result.output.contains("Entries: all 40, listed above as they were read"))
        let whole = try run(["logs", log, "--limit", "1000", "--format", "json"]).json
        let streamed = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]
        #expect(NSDictionary(dictionary: Self.withoutTime(streamed ?? [:])) == NSDictionary(dictionary: Self.withoutTime(whole)))
        #expect(try String(contentsOfFile: csv, encoding: .utf8) == run(["logs", log, "--limit", "1000", "--format", "csv"]).output)
        #expect(try JUnitDocument(String(contentsOfFile: junit, encoding: .utf8)).root.attributes["failures"] == "1")
    }

    /// Formats that show a few entries keep only those; markdown, whose verdict comes first, is
    /// refused; --quiet prints nothing on a pass.
    @Test func boundedFormats() throws {
        let folder = try LogsCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = try LogsCommandTests.write(Array(Self.log(entries: 30).utf8), "app.log", in: folder)
        #expect(run(["logs", log, "--all", "--format", "github"]).output == run(["logs", log, "--limit", "10", "--format", "github"]).output)
        let junit = try JUnitDocument(run(["logs", log, "--all", "--format", "junit"]).output)
        #expect(junit.root.attributes["failures"] == "1")
        let samples = try PrometheusSamples(run(["logs", log, "--all", "--format", "prometheus"]).output)
        #expect(samples["traceaudit_logged_violations"] == 30)
        let markdown = run(["logs", log, "--all", "--format", "markdown"])
        #expect(markdown.code == .usageError)
        #expect(markdown.errors.contains("markdown puts its verdict before them"))
        #expect(run(["logs", log, "--all", "--report", "markdown=\(folder.path)/summary.md"]).code == .usageError)
        let clean = try LogsCommandTests.write(Array("all good\n".utf8), "clean.log", in: folder)
        for format in ["table", "json", "csv"] {
            let quiet = run(["logs", clean, "--all", "--quiet", "--format", format])
            #expect(quiet.code == .passed)
            #expect(quiet.output.isEmpty)
        }
    }
}
