import Foundation
import Testing
@testable import TraceAuditKit

/// The slack and pagerduty formats: within the documented limits, data escaped, every command.
@Suite("Alert formats")
struct AlertFormatTests {
    typealias Job = SnapshotFile.Job

    /// Forty violations over thirty types, among them a type named `<!channel>`, an id that is a
    /// Slack link, and an id too long for any section.
    static func hostileSnapshot() throws -> SnapshotFile {
        var jobs: [Job] = []
        for index in 0..<40 {
            let id: String
            switch index {
            case 39: id = "<http://x|y>"
            case 38: id = String(repeating: "L", count: 5000)
            case 37: id = "<@U123> & <!here>"
            default: id = "job-\(index)"
            }
            let type = index % 30 == 0 ? "<!channel>" : index % 30 == 1 ? "a&b <#C1>" : "type-\(index % 30)"
            let day = 10 + index / 24
            let hour = index % 24
            jobs.append(Job(
                id: .text(id), createdAt: .text("2026-02-\(day) \(hour < 10 ? "0" : "")\(hour):00:00+00"), type: .text(type), traceId: nil,
                correlationId: "<!everyone>"))
        }
        jobs.append(Job(id: "ok-1", createdAt: "2026-02-09 10:00:00+00"))
        return try SnapshotFile(
            schema: SnapshotFile.schema.replacingOccurrences(of: "id INTEGER PRIMARY KEY", with: "id TEXT PRIMARY KEY"), jobs: jobs)
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Every string in a parsed JSON value.
    static func strings(_ value: Any) -> [String] {
        switch value {
        case let text as String: return [text]
        case let array as [Any]: return array.flatMap(strings)
        case let object as [String: Any]: return object.values.flatMap(strings)
        default: return []
        }
    }

    @Test func slackWithHostileDataKeepsEveryLimitAndEscapesEveryValue() throws {
        let file = try Self.hostileSnapshot()
        for command in ["check", "violations"] {
            let result = run([command, "--db", file.path, "--format", "slack"])
            #expect(result.code == .violations, "\(result.errors)")
            #expect(try AlertPayloadCheck.problems("slack", result.output) == [] as [String]?)
            let texts = Self.strings(try Self.object(result.output))
            let all = texts.joined(separator: "\n")
            #expect(!all.contains("<!channel>") && !all.contains("<http://x|y>") && !all.contains("<@U123>") && !all.contains("<#C1>"))
            #expect(all.contains("&lt;!channel&gt;"))
            #expect(all.contains("&lt;http://x|y&gt;"))
            #expect(all.contains("a&amp;b &lt;#C1&gt;"))
            #expect(!all.contains("LLLLLLLLLL…"), "an id is never cut")
            // 30 types, 10 shown; 40 violations, 10 newest shown at most.
            #expect(all.contains("…and 20 more"))
            #expect(all.contains("…and 31 more"), "the 5000-character id is counted, not shown")
        }
    }

    @Test func pagerDutyEventCarriesEveryRequiredFieldAndAStableKey() throws {
        let file = try Self.hostileSnapshot()
        let first = run(["check", "--db", file.path, "--format", "pagerduty"])
        #expect(first.code == .violations)
        #expect(try AlertPayloadCheck.problems("pagerduty", first.output) == [] as [String]?)
        let event = try Self.object(first.output)
        #expect(event["event_action"] as? String == "trigger")
        #expect(event.value("payload.severity") as? String == "critical")
        #expect(event.value("payload.class") as? String == "trace_id_policy_violation")
        #expect(event.value("payload.custom_details.violations") as? Int == 40)
        let ids = try #require(event.value("payload.custom_details.newest_job_ids") as? [String])
        #expect(ids.count == 9, "the 5000-character id is counted, not shown: \(ids)")
        #expect(event.value("payload.custom_details.newest_job_ids_more") as? Int == 31)
        let key = try #require(event["dedup_key"] as? String)
        #expect(!key.contains(file.path) && !key.contains("sqlite"))
        let again = try Self.object(run(["check", "--db", file.path, "--format", "pagerduty"]).output)
        #expect(again["dedup_key"] as? String == key)
        let other = try Self.object(run(["check", "--db", file.path, "--format", "pagerduty", "--table", "jobs2"]).output)
        #expect(other["dedup_key"] as? String != key)
    }

    @Test func passResolvesAndErrorTriggersWithSeverityError() throws {
        let clean = try SnapshotFile(jobs: [Job(id: 1, createdAt: "2026-02-09 10:00:00+00")])
        let pass = run(["check", "--db", clean.path, "--format", "pagerduty"])
        #expect(pass.code == .passed)
        #expect(try AlertPayloadCheck.problems("pagerduty", pass.output) == [] as [String]?)
        #expect(try Self.object(pass.output)["event_action"] as? String == "resolve")
        let missing = clean.folder.appendingPathComponent("absent.sqlite").path
        for format in ["pagerduty", "slack"] {
            let error = run(["check", "--db", missing, "--format", format])
            #expect(error.code == .cannotCheck)
            #expect(try AlertPayloadCheck.problems(format, error.output) == [] as [String]?)
            if format == "pagerduty" {
                let event = try Self.object(error.output)
                #expect(event["event_action"] as? String == "trigger")
                #expect(event.value("payload.severity") as? String == "error")
            } else {
                #expect(error.output.contains("ERROR"))
            }
        }
    }

    @Test func logsAndReadinessWriteBothFormats() throws {
        let log = Repository.path("fixtures/orchestrator.log").path
        let demo = Repository.path("fixtures/demo.sqlite").path
        for format in ["slack", "pagerduty"] {
            let logs = run(["logs", log, "--format", format])
            #expect(logs.code == .violations, "\(logs.errors)")
            #expect(try AlertPayloadCheck.problems(format, logs.output) == [] as [String]?)
            let crossChecked = run(["logs", log, "--db", demo, "--format", format])
            #expect(try AlertPayloadCheck.problems(format, crossChecked.output) == [] as [String]?)
            let readiness = run(["readiness", "--db", demo, "--format", format])
            #expect(readiness.code == .violations, "\(readiness.errors)")
            #expect(try AlertPayloadCheck.problems(format, readiness.output) == [] as [String]?)
        }
        let event = try Self.object(run(["readiness", "--db", demo, "--format", "pagerduty"]).output)
        #expect(event.value("payload.severity") as? String == "warning")
    }

    /// Regression: the key hashed the server's account of itself (user, host and port as libpq
    /// resolved them), which a run that cannot connect does not know, so its ERROR opened a second
    /// incident that no PASS resolved.
    @Test func dedupKeyIsTheSameWhetherOrNotTheRunConnected() {
        var connected = ReportContext(
            engine: .postgresql, target: "auditor@db.internal:5432/orchestrator", command: .check, policy: Policy(), window: TimeWindow(),
            startedAt: Instant(parsing: "2026-02-10T00:00:00Z")!)
        connected.givenTarget = "db.internal/orchestrator"
        var failed = connected
        failed.target = "db.internal/orchestrator"
        #expect(PagerDutyWriter.dedupKey(connected) == PagerDutyWriter.dedupKey(failed))
        var other = connected
        other.givenTarget = "db2.internal/orchestrator"
        #expect(PagerDutyWriter.dedupKey(other) != PagerDutyWriter.dedupKey(connected))
        #expect(!PagerDutyWriter.dedupKey(connected).contains("db.internal"))
    }

    @Test func slackEscapeAndCut() {
        #expect(Escape.slack("<!channel> & <http://x|y>\n") == "&lt;!channel&gt; &amp; &lt;http://x|y&gt;\\n")
        // A cut never splits an entity: 9 units hold `a&amp;` and the ellipsis, not `&am`.
        #expect(SlackWriter.escaped("a&b&c", limit: 9) == "a&amp;b…")
        #expect(SlackWriter.escaped("a&b&c", limit: 8) == "a&amp;b…")
        #expect(SlackWriter.escaped("a&b&c", limit: 7) == "a&amp;…")
        #expect(AlertSummary.cut("ab😀cd", to: 4) == "ab…")
        let list = AlertSummary.List(key: "k", title: "T", items: (0..<10).map { String(repeating: "\($0)", count: 900) }, total: 12)
        let text = SlackWriter.listText(list)
        #expect(text.utf16.count <= SlackWriter.Limit.section)
        #expect(text.hasSuffix("…and 9 more"))
    }
}
