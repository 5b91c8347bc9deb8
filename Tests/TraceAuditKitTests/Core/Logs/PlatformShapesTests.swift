import Foundation
import Testing
@testable import TraceAuditKit

/// Every way a Supabase user gets the orchestrator's logs (issue 21 items 1, 2 and 4), read from
/// fixtures written as the platforms document them, newest first where they export newest
/// first: the same four events (an ordinary line, two violations, a cause logged 3 ms before the
/// second violation and so after it in the file) give the same two entries, by log time, with
/// every field and the cause. docs/logs.md cites each layout.
@Suite("Platform log shapes")
struct PlatformShapesTests {
    static let shapes = [
        "management-api-response.json", "management-api-response-iso.json", "studio-download.csv", "http-drain-bodies.log",
        "datadog-export.json", "datadog-export-compact.json", "loki-logcli.jsonl",
    ]

    /// The report's entries, listed by log time (not `--all`, which writes them as they are read).
    static func entries(_ path: String) throws -> (json: [String: Any], entries: [[String: Any]]) {
        let result = run(["logs", path, "--format", "json", "--limit", "100"])
        guard result.code == .violations || result.code == .passed else { throw TestFailure("exit \(result.code.rawValue): \(result.errors)") }
        let json = try result.json
        return (json, json.value("logged.entries") as? [[String: Any]] ?? [])
    }

    @Test(arguments: shapes)
    func everyShapeGivesTheSameEntries(file: String) throws {
        let (json, entries) = try Self.entries(LogShapesTests.fixture(file))
        #expect(json.int("records") == 4, "\(file)")
        #expect(json.int("unreadable.count") == 0, "\(file)")
        #expect(entries.map { $0["job_id"] as? String } == ["4601", "4602"], "\(file)")
        #expect(entries.map { $0["logged_at"] as? String } == ["2026-02-07T11:03:00.100000Z", "2026-02-07T11:04:00.250000Z"], "\(file)")
        #expect(entries.map { $0["type"] as? String } == ["webhook_delivery", "send_email"], "\(file)")
        #expect(entries.map { $0["created_at"] as? String } == ["2026-02-07T11:02:57.500000Z", "2026-02-07T11:03:58.010000Z"], "\(file)")
        #expect(entries.map { $0["correlation_id"] as? String } == ["req-1a9e03f7", "req-2b7c41d0"], "\(file)")
        #expect(entries.map { $0["severity"] as? String } == ["critical", "critical"], "\(file)")
        #expect(entries.map { $0["likely_cause"] as? String } == [nil, "ownership_lost_before_trace_id_update"], "\(file)")
        #expect(json.value("logs_cover.since") as? String == "2026-02-07T11:03:00.100000Z", "\(file)")
        #expect(json.value("logs_cover.until") as? String == "2026-02-07T11:05:00Z", "\(file)")
    }

    /// Where each entry is: the element of the response, the CSV row's first line.
    @Test func placesNameTheRecord() throws {
        let api = try Self.entries(LogShapesTests.fixture("management-api-response.json")).entries
        #expect(api.map { $0["index"] as? Int } == [3, 1])
        #expect(api.last?["likely_cause_at"] as? String == LogShapesTests.fixture("management-api-response.json") + ":1 [2]")
        let csv = try Self.entries(LogShapesTests.fixture("studio-download.csv")).entries
        #expect(csv.map { $0["line"] as? Int } == [14, 4])
        let pretty = try Self.entries(LogShapesTests.fixture("datadog-export.json")).entries
        #expect(pretty.map { $0["index"] as? Int } == [3, 1])
    }

    /// "The latest N" is by log time: on a newest-first export, --limit 1 is the newest entry.
    @Test(arguments: shapes)
    func latestIsByLogTime(file: String) throws {
        let result = run(["logs", LogShapesTests.fixture(file), "--limit", "1", "--format", "json"])
        let entries = try #require(try result.json.value("logged.entries") as? [[String: Any]])
        #expect(entries.map { $0["job_id"] as? String } == ["4602"], "\(file)")
        #expect(try result.json.int("logged.count") == 2)
    }

    /// A drain's bodies gzipped, as the HTTP drain sends them with Gzip on.
    @Test func gzippedDrainBodies() throws {
        let folder = try LogsCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("drain.gz").path
        _ = try runProcess("/bin/bash", ["-c", "gzip -c '\(LogShapesTests.fixture("http-drain-bodies.log"))' > '\(path)'"])
        let (json, entries) = try Self.entries(path)
        #expect(json.int("records") == 4)
        #expect(entries.map { $0["job_id"] as? String } == ["4601", "4602"])
    }

    /// Never a count from a shape it did not understand: an envelope whose records are not an
    /// array of records is exit 3 naming the shape; a response reporting an error is exit 3.
    @Test(arguments: [
        (#"{"hits":{"total":1,"hits":[{"_source":{"message":"POLICY_VIOLATION: Job succeeded without trace_id"}}]}}"#, "Elasticsearch"),
        (#"{"status":"success","data":{"resultType":"streams","result":[{"stream":{},"values":[["1770462240250000000","POLICY_VIOLATION"]]}]}}"#, "Loki"),
        (#"{"items":"POLICY_VIOLATION: Job succeeded without trace_id"}"#, "\"items\" is not an array"),
        (#"{"result":[{"event_message":"POLICY_VIOLATION"}],"data":[{"event_message":"POLICY_VIOLATION"}]}"#, "several keys"),
        (#"{"result":null,"error":{"code":400,"message":"Invalid SQL"}}"#, "Invalid SQL"),
        ("{\n  \"result\": [\n    {\"event_message\": \"x\"}\n", "cut off"),
    ])
    func unknownEnvelopeIsRefused(document: String, named: String) throws {
        let path = try LogShapesTests.write(document + "\n")
        let result = run(["logs", path])
        #expect(result.code == .cannotCheck, "\(document): \(result.output)")
        #expect(result.errors.contains(named), "\(result.errors)")
    }

    /// The Management API response as the `--supabase` fetch hands it over: a callable reader.
    @Test func managementAPIResponseBody() throws {
        var findings = LogFindings(limit: 10, window: .all, collectsJobIds: true)
        let body = try [UInt8](Data(contentsOf: URL(fileURLWithPath: LogShapesTests.fixture("management-api-response-iso.json"))))
        try LogScanner.readManagementAPIResponse(body, window: "2026-02-07T00:00Z–2026-02-08T00:00Z", into: &findings)
        try LogScanner.readManagementAPIResponse(Array(#"{"result":[],"error":null}"#.utf8), window: "empty", into: &findings)
        findings.close()
        #expect(findings.entries.map(\.jobId) == ["4601", "4602"])
        #expect(findings.records == 4)
        #expect(throws: TraceAuditError.self) {
            var other = LogFindings(limit: 10, window: .all, collectsJobIds: true)
            try LogScanner.readManagementAPIResponse(Array(#"{"message":"Unauthorized"}"#.utf8), window: "w", into: &other)
        }
    }

    /// A violation with no entry in the covered span is "not found in the logs" with the
    /// platform's documented reasons beside the code path's; one that succeeded near an entry
    /// that names no job id is "not matched", never called unlogged (issue 21 items 2 and 5).
    @Test func unloggedAndNotMatched() throws {
        let file = try SnapshotFile(jobs: [
            Job(id: 4601, createdAt: "2026-02-07 11:02:57Z", updatedAt: "2026-02-07 11:03:00Z", traceId: nil),  // logged
            Job(id: 4605, createdAt: "2026-02-07 11:09:00Z", updatedAt: "2026-02-07 11:10:00Z", traceId: ""),  // unlogged
            Job(id: 4606, createdAt: "2026-02-07 11:04:00Z", updatedAt: "2026-02-07 11:04:30Z", traceId: nil),  // near the id-less entry
        ])
        let rows = [
            #"{"id":"r4","timestamp":"2026-02-07 11:20:00","event_message":"worker heartbeat"}"#,
            #"{"id":"r3","timestamp":"2026-02-07 11:04:10","event_message":"POLICY_VIOLATION: Job succeeded without trace_id"}"#,
            #"{"id":"r1","timestamp":"2026-02-07 11:03:00","event_message":"POLICY_VIOLATION: Job succeeded without trace_id { jobId: \"4601\" }"}"#,
        ]
        let log = try LogShapesTests.write(#"{"result":["# + rows.joined(separator: ",") + #"],"error":null}"# + "\n")
        let result = run(["logs", log, "--db", file.path, "--format", "json"])
        #expect(result.code == .violations, "\(result.errors)")
        let json = try result.json
        #expect(json.int("cross_check.unlogged.count") == 1)
        #expect((json.value("cross_check.unlogged.rows") as? [[String: Any]])?.map { $0["id"] as? String } == ["4605"])
        #expect(json.int("cross_check.not_matched.count") == 1)
        #expect((json.value("cross_check.not_matched.rows") as? [[String: Any]])?.map { $0["id"] as? String } == ["4606"])
        let reasons = try #require(json.value("cross_check.unlogged.possible_reasons") as? [String])
        #expect(reasons.contains { $0.contains("100 log events per function per 10 s") })
        #expect(reasons.contains { $0.contains("10,000 characters") })
        let table = run(["logs", log, "--db", file.path]).output
        #expect(table.contains("Not found in the logs: 1"), "\(table)")
        #expect(table.contains("Not matched: 1"), "\(table)")
        #expect(!table.lowercased().contains("silent"), "\(table)")
        let metrics = run(["logs", log, "--db", file.path, "--format", "prometheus"]).output
        #expect(metrics.contains("traceaudit_unlogged_violations"))
        #expect(metrics.contains("traceaudit_not_matched_violations"))
    }

    /// The human report fits 80 and 120 columns, with thousands separators, and never cuts a job
    /// id (a UUID here), in the list and streamed with --all alike.
    @Test(arguments: [80, 120])
    func humanOutputFits(width: Int) throws {
        let rows = (0..<1500).map { index in
            #"{"id":"r\#(index)","timestamp":\#(1_770_462_000_000_000 + index * 1_000_000),"event_message":"POLICY_VIOLATION: Job succeeded without trace_id { jobId: \"6f1c2d3e-4a5b-4c6d-8e9f-\#(String(format: "%012d", index))\", type: \"webhook_delivery_retry\" }"}"#
        }
        let log = try LogShapesTests.write(#"{"result":["# + rows.joined(separator: ",") + #"],"error":null}"# + "\n")
        for extra in [["--limit", "5"], ["--all"]] {
            let output = run(["logs", log] + extra, environment: ["COLUMNS": String(width)]).output
            for line in output.split(separator: "\n") { #expect(line.unicodeScalars.count <= width, "\(extra) \(width): \(line)") }
            #expect(output.contains("6f1c2d3e-4a5b-4c6d-8e9f-000000001499"), "\(extra)")
            #expect(output.contains("1,500"), "\(extra)")
        }
    }
}
