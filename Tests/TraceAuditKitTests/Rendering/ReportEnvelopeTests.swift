import Foundation
import Testing
@testable import TraceAuditKit

/// Every JSON report starts with the same envelope, built in one place (`ReportEnvelope`).
@Suite("JSON report envelope")
struct ReportEnvelopeTests {
    static let envelopeKeys = ["schema_version", "tool", "command", "source", "window", "generated_at"]

    /// The top-level keys of a pretty-printed report, in order.
    static func topLevelKeys(_ text: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("  \""), !line.hasPrefix("   "), let end = line.dropFirst(3).firstIndex(of: "\"") else { return nil }
            return String(line[line.index(line.startIndex, offsetBy: 3)..<end])
        }
    }

    static func checkEnvelope(_ arguments: [String], command: String, database: String?, window: (String?, String?) = (nil, nil)) throws {
        let now = Instant(parsing: "2026-11-29T12:00:00Z")!
        let output = StringSink()
        let errors = StringSink()
        let code = TraceAudit.run(arguments + ["--format", "json"], environment: [:], output: output, errors: errors, now: now)
        #expect(code == .passed || code == .violations, "\(arguments): \(errors.text)")
        #expect(Array(topLevelKeys(output.text).prefix(6)) == envelopeKeys, "\(arguments)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.text.utf8)) as? [String: Any])
        #expect(json.int("schema_version") == 1)
        #expect(json.value("tool.name") as? String == "traceaudit")
        #expect(json.value("tool.version") as? String == Release.version)
        #expect(json["command"] as? String == command)
        let source = try #require(json["source"] as? [String: Any])
        #expect(Set(source.keys) == ["engine", "target", "table", "encrypted", "standby"])
        #expect(source["encrypted"] is NSNull)
        #expect(source["standby"] is NSNull)
        if let database {
            #expect(source["engine"] as? String == "sqlite")
            #expect(source["target"] as? String == database)
            #expect(source["table"] as? String == "main.executor_jobs")
        } else {
            #expect(source.values.allSatisfy { $0 is NSNull }, "\(source)")
        }
        let windowObject = try #require(json["window"] as? [String: Any])
        #expect(Set(windowObject.keys) == ["since", "until"])
        #expect(windowObject["since"] as? String == window.0)
        #expect(windowObject["until"] as? String == window.1)
        #expect(json["generated_at"] as? String == "2026-11-29T12:00:00Z")
    }

    @Test(arguments: ["check", "violations", "legacy", "distribution", "daily", "readiness", "doctor"])
    func databaseCommands(command: String) throws {
        let demo = ReadmeExamplesTests.root.appendingPathComponent("fixtures/demo.sqlite").path
        // `daily` reads the last 30 days (`--days`): its window is the one in force.
        let since = command == "daily" ? "2026-10-31T00:00:00Z" : nil
        try Self.checkEnvelope([command, "--db", demo], command: command, database: demo, window: (since, nil))
    }

    @Test func windowIsInTheEnvelope() throws {
        let demo = ReadmeExamplesTests.root.appendingPathComponent("fixtures/demo.sqlite").path
        try Self.checkEnvelope(
            ["violations", "--db", demo, "--since", "2026-02-03", "--until", "2026-02-05"], command: "violations", database: demo,
            window: ("2026-02-03T00:00:00Z", "2026-02-05T00:00:00Z"))
    }

    @Test func logsWithAndWithoutDatabase() throws {
        let root = ReadmeExamplesTests.root
        let log = root.appendingPathComponent("fixtures/orchestrator.log").path
        let demo = root.appendingPathComponent("fixtures/demo.sqlite").path
        try Self.checkEnvelope(["logs", log], command: "logs", database: nil)
        try Self.checkEnvelope(["logs", log, "--db", demo], command: "logs", database: demo)
    }
}
