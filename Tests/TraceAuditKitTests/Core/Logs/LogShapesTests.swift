import Foundation
import Testing
@testable import TraceAuditKit

/// The orchestrator's real log shapes, written the way each runtime writes them (the demo files in
/// fixtures/logs/ were produced with Node's console and Python's json with Docker's escaping; the
/// Deno file is Node's output with Deno's double quotes, the format its inspect shares).
@Suite("Log shapes")
struct LogShapesTests {
    static let message = LogsCommandTests.message
    static let fixtures = ReadmeExamplesTests.root.appendingPathComponent("fixtures/logs")

    static func entries(_ arguments: [String]) throws -> (json: [String: Any], entries: [[String: Any]]) {
        let result = run(["logs"] + arguments + ["--format", "json", "--all"])
        guard result.code == .violations || result.code == .passed else { throw TestFailure("exit \(result.code.rawValue): \(result.errors)") }
        let json = try result.json
        return (json, json.value("logged.entries") as? [[String: Any]] ?? [])
    }

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    /// The platform's export: a pretty-printed JSON array, microsecond `timestamp`, metadata as an
    /// array of one object, Deno inspect output and a pino JSON string as `event_message`.
    @Test func platformExport() throws {
        let (json, entries) = try Self.entries([Self.fixture("platform-export.json")])
        #expect(json.int("records") == 5)
        #expect(json.int("unreadable.count") == 0)
        #expect(entries.map { $0["job_id"] as? String } == ["4202", "4203", "4204"])
        try #require(entries.count == 3)
        #expect(entries.map { $0["index"] as? Int } == [1, 2, 3])
        #expect(entries.map { $0["logged_at"] as? String } == ["2026-02-07T11:02:00.120000Z", "2026-02-07T11:01:01Z", "2026-02-07T11:00:00.500000Z"])
        #expect(entries.map { $0["severity"] as? String } == ["critical", "critical", "critical"])
        #expect(entries.map { $0["level"] as? String } == ["error", "50", "error"])
        #expect(entries[0]["created_at"] as? String == "2026-02-07T11:01:58.003000Z")
        #expect(entries[1]["correlation_id"] as? String == "req-1f00c0de")
        #expect(json.value("logs_cover.since") as? String == "2026-02-07T10:59:59Z")
        #expect(json.value("logs_cover.until") as? String == "2026-02-07T11:02:03.456000Z")
    }

    /// With fields read from the JSON string and the inspect text, logged jobs are found, a legacy
    /// job is outside the policy, an unknown id is not found, and only the unlogged one is not found in the logs.
    @Test func platformExportCrossCheck() throws {
        let file = try SnapshotFile(jobs: [
            Job(id: 4202, createdAt: "2026-02-07 11:01:58Z", traceId: nil),
            Job(id: 4203, createdAt: "2026-01-20 09:00:00Z", traceId: nil),  // before the cutoff: legacy
            Job(id: 4205, createdAt: "2026-02-07 11:01:30Z", traceId: ""),  // never logged: not found in the logs
        ])
        let result = run(["logs", Self.fixture("platform-export.json"), "--db", file.path, "--format", "json"])
        #expect(result.code == .violations, "\(result.errors)")
        let json = try result.json
        #expect(json.int("cross_check.logged_jobs.still_violation") == 1)
        #expect(json.int("cross_check.logged_jobs.outside_policy") == 1)
        #expect(json.int("cross_check.logged_jobs.not_found") == 1)
        #expect(json.int("cross_check.entries_without_job_id") == 0)
        #expect(json.int("cross_check.unlogged.count") == 1)
        #expect((json.value("cross_check.unlogged.rows") as? [[String: Any]])?.first?["id"] as? String == "4205")
    }

    /// `console.error(msg, obj)`: Deno's and Node's inspect output, on one line or over several.
    @Test(arguments: ["deno-console.log", "node-console.log"])
    func consoleErrorWithAnObject(file: String) throws {
        let (json, entries) = try Self.entries([Self.fixture(file)])
        #expect(json.int("records") == 4)
        #expect(json.int("unreadable.count") == 0)
        #expect(entries.map { $0["job_id"] as? String } == ["4102", "4103"])
        try #require(entries.count == 2)
        #expect(entries.map { $0["line"] as? Int } == [2, 3])
        #expect(entries.map { $0["type"] as? String } == ["send_email", "webhook_delivery"])
        #expect(entries[1]["created_at"] as? String == "2026-02-06T08:14:55.120000Z")
        #expect(entries[1]["correlation_id"] as? String == "req-5d1e0c2a")
        #expect(entries.map { $0["severity"] as? String } == ["critical", "critical"])
    }

    /// `kubectl logs --prefix --timestamps`: the pod and container, the kubelet's instant, the
    /// application's line after them; an object printed over several lines is one entry.
    @Test func kubectlPrefixAndTimestamps() throws {
        let (json, entries) = try Self.entries([Self.fixture("kubectl-prefix-timestamps.log")])
        #expect(json.int("records") == 4)
        #expect(json.int("unreadable.count") == 0)
        #expect(entries.map { $0["job_id"] as? String } == ["4301", "4302"])
        try #require(entries.count == 2)
        #expect(entries.map { $0["line"] as? Int } == [2, 9])
        #expect(entries.map { $0["origin"] as? String } == Array(repeating: "pod/orchestrator-7d9c5b8f4-x2k8q/orchestrator", count: 2))
        #expect(entries[0]["logged_at"] as? String == "2026-02-08T09:15:02.118233Z")
        #expect(entries[0]["created_at"] as? String == "2026-02-08T09:14:57.310000Z")
        // kubelet's instant, not the pino line's own `time` (issue 20 item 5: the envelope dates it).
        #expect(entries[1]["logged_at"] as? String == "2026-02-08T09:20:44.500120Z")
        #expect(entries[1]["level"] as? String == "50")
        #expect(json.value("logs_cover.since") as? String == "2026-02-08T09:00:00Z")
        let plain = try Self.entries([LogShapesTests.write("2026-02-08T09:15:02.118233004Z \(Self.message) { jobId: \"7\" }\n")])
        #expect(plain.entries.first?["logged_at"] as? String == "2026-02-08T09:15:02.118233Z")
        #expect(plain.entries.first?["job_id"] as? String == "7")
    }

    /// Docker's json-file driver: a line over 16 KiB written in pieces (a stdout line between
    /// them) joined back, each line's object after the marker joined over its records.
    @Test func dockerJSONFile() throws {
        let (json, entries) = try Self.entries([Self.fixture("docker-json.log")])
        #expect(json.int("records") == 5)
        #expect(json.int("unreadable.count") == 0)
        #expect(entries.map { $0["job_id"] as? String } == ["4401", "4402", "4403"])
        try #require(entries.count == 3)
        #expect(entries.map { $0["line"] as? Int } == [2, 6, 7])
        #expect(entries.map { $0["origin"] as? String } == ["stderr", "stderr", "stderr"])
        #expect(entries.map { $0["type"] as? String } == ["generate_report", "send_email", "send_email"])
        #expect(entries[0]["logged_at"] as? String == "2026-02-09T07:05:00.250000Z")
        #expect(entries[2]["logged_at"] as? String == "2026-02-09T07:20:00.000100Z")
        // A piece with nothing after it (the container stopped) is still read.
        let cut = #"{"log":"{\"msg\":\"\#(Self.message)\",\"jobId\":\"9\"}","stream":"stderr","time":"2026-02-09T07:00:00Z"}"# + "\n"
        #expect(try Self.entries([LogShapesTests.write(cut)]).entries.first?["job_id"] as? String == "9")
    }

    /// The CRI format kubelet writes under /var/log/pods, with a line in two pieces.
    @Test func criFormat() throws {
        let (json, entries) = try Self.entries([Self.fixture("cri.log")])
        #expect(json.int("records") == 2)
        #expect(entries.first?["job_id"] as? String == "4501")
        #expect(entries.first?["severity"] as? String == "critical")
        #expect(entries.first?["origin"] as? String == "stderr")
    }

    /// Every demo file also read through gzip, and all of them in one run.
    @Test func gzipAndAllTogether() throws {
        let folder = try LogsCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path).sorted()
        var total = 0
        for name in names {
            let copy = folder.appendingPathComponent(name).path
            try FileManager.default.copyItem(atPath: Self.fixture(name), toPath: copy)
            try runProcess("/bin/gzip", [copy])
            let plain = try Self.entries([Self.fixture(name)])
            let zipped = try Self.entries([copy + ".gz"])
            #expect(zipped.json.int("logged.count") == plain.json.int("logged.count"), "\(name)")
            #expect(zipped.entries.map { $0["job_id"] as? String } == plain.entries.map { $0["job_id"] as? String }, "\(name)")
            total += plain.json.int("logged.count") ?? 0
        }
        #expect(total == 13 + 7 * 2)  // the first six fixtures, then two entries in each platform shape
        #expect(try Self.entries(names.map(Self.fixture)).json.int("logged.count") == total)
    }

    /// The record's own `severity` wins; the logger's level is kept beside it.
    @Test func severityAndLevel() throws {
        let log = [
            #"{"level":50,"time":1770542444500,"msg":"\#(Self.message)","jobId":"1","severity":"critical"}"#,
            #"{"level":50,"time":1770542444500,"msg":"\#(Self.message)","jobId":"2"}"#,
            #"{"level":"error","message":"\#(Self.message)","jobId":"3","severity":"critical","timestamp":"2026-02-09T07:10:00.000Z"}"#,
            #"2026-02-09T07:10:00Z ERROR \#(Self.message) {"jobId":"4","severity":"critical"}"#,
        ].joined(separator: "\n")
        let entries = try Self.entries([LogShapesTests.write(log)]).entries
        #expect(entries.map { $0["severity"] as? String } == ["critical", "error", "critical", "critical"])
        #expect(entries.map { $0["level"] as? String } == ["50", "50", "error", "error"])
    }

    /// A pretty-printed export's last element was reported unreadable though it was read.
    @Test func prettyPrintedArrayHasNoUnreadableLastElement() throws {
        let export = """
            [
              {
                "timestamp": "2026-02-05T10:00:00Z",
                "message": "\(Self.message)",
                "jobId": "a1"
              },
              {
                "timestamp": "2026-02-05T10:01:00Z",
                "message": "other"
              }
            ]

            """
        let (json, entries) = try Self.entries([LogShapesTests.write(export)])
        #expect(json.int("unreadable.count") == 0)
        #expect(json.int("records") == 2)
        #expect(entries.map { $0["line"] as? Int } == [2])
        #expect(entries.map { $0["index"] as? Int } == [0])
    }

    /// Text lines that start with a bracket are lines, not a JSON array.
    @Test func bracketedLinesAreNotAnArray() throws {
        let log = "[2026-02-05 15:00:00] ERROR \(Self.message) jobId=j6\n[2026-02-05 15:00:01] INFO ok\n"
        let (json, entries) = try Self.entries([LogShapesTests.write(log)])
        #expect(json.int("records") == 2)
        #expect(entries.first?["job_id"] as? String == "j6")
        #expect(entries.first?["index"] is NSNull)
    }

    /// Writes `text` to a fresh file that is removed when the process ends.
    static func write(_ text: String) throws -> String {
        let folder = try LogsCommandTests.folder()
        return try LogsCommandTests.write(Array(text.utf8), "app.log", in: folder)
    }
}

/// An object left open after the marker never swallows the lines after it.
@Suite("Joined lines")
struct JoinedLinesTests {
    @Test func anObjectLeftOpenEndsAtTheFirstLineThatIsNotPartOfIt() throws {
        let message = LogsCommandTests.message
        let log = [
            "\(message) {",
            "  jobId: \"1\",",
            "\(message) { jobId: \"2\" }",
            "\(message) {",
            "  jobId: \"3\",",
            "next line, not indented",
            "\(message) { jobId: \"4\" }",
            "\(message) {",
            "  jobId: \"5\"",
        ].joined(separator: "\n") + "\n"
        let (json, entries) = try LogShapesTests.entries([LogShapesTests.write(log)])
        #expect(json.int("logged.count") == 5)
        #expect(entries.map { $0["job_id"] as? String } == [nil, "2", nil, "4", nil])
        #expect(entries.map { $0["line"] as? Int } == [1, 3, 4, 7, 8])
        #expect(json.int("unreadable.count") == 3)
        #expect(json.int("records") == 6)
    }
}

/// Inputs the fuzzer found.
@Suite("Log envelopes on hostile input")
struct LogEnvelopeFuzzTests {
    /// A line whose first space comes before anything that could end an instant read the byte
    /// before the line (a trap in the binary).
    @Test(arguments: [" b22-600-5T14-00:00Z WARN POLICY_VIOLATION: x", " 2026-02-05T14:00:00Z x", "[pod/a/b] 2026-02-0 T1:00:00Z x"])
    func noReadBeforeTheLine(text: String) throws {
        var bytes = Array(text.utf8)
        let envelope = bytes.withUnsafeMutableBufferPointer { LogEnvelope.unwrap(UnsafeBufferPointer($0)) }
        #expect(envelope?.time == nil)
        #expect(try LogShapesTests.entries([LogShapesTests.write(text + "\n")]).json.int("records") == 1)
    }
}
