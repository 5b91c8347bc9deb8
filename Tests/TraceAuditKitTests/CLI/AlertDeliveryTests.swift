import Foundation
import Testing
@testable import TraceAuditKit

/// `--post` against a loopback HTTPS receiver (an openssl-made CA) that answers as Slack and
/// PagerDuty document and records each request: the bodies, the retries, the timeout, `--state`,
/// and that the webhook URL and the routing key reach no output, report file or error line.
@Suite("Alert delivery", .serialized, .timeLimit(.minutes(3)), .enabled(if: HTTPSTestServer.enabled))
struct AlertDeliveryTests {
    static let routingKey = "R0UTINGKEY0123456789abcdefSECRET"
    static let token = "XyZSecretWebhookToken0123"

    /// A folder with the URL file, the state file and the reports.
    final class Workspace {
        let folder: URL
        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("traceaudit-post-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: folder) }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        /// Every file's text, for the secret check.
        var texts: [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0 != "webhook" }
                .compactMap { try? String(contentsOfFile: path($0), encoding: .utf8) }
        }
    }

    static func environment(_ server: HTTPSTestServer) -> [String: String] {
        ["SSL_CERT_FILE": server.authority.certificate, "PAGERDUTY_ROUTING_KEY": routingKey]
    }

    /// Writes the webhook URL (a secret path, as Slack's) to a file and returns `@FILE`.
    static func urlFile(_ server: HTTPSTestServer, _ workspace: Workspace) throws -> String {
        let path = workspace.path("webhook")
        try "\(server.baseURL)/services/T000/B000/\(token)\n".write(toFile: path, atomically: true, encoding: .utf8)
        return "@" + path
    }

    static func expectNoSecret(_ texts: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for text in texts {
            #expect(!text.contains(token) && !text.contains(routingKey) && !text.contains("/services/T000"), "\(text.prefix(300))", sourceLocation: sourceLocation)
        }
    }

    @Test func slackBodyIsTheReportWithinLimitsAndEscaped() throws {
        let server = try #require(try HTTPSTestServer.start({ _ in .init(status: 200, body: Data("ok".utf8)) }))
        let workspace = try Workspace()
        let file = try AlertFormatTests.hostileSnapshot()
        let result = run(
            ["check", "--db", file.path, "--format", "slack", "--post", try Self.urlFile(server, workspace), "--output", workspace.path("slack.json"),
             "--report", "json=" + workspace.path("report.json")],
            environment: Self.environment(server))
        #expect(result.code == .violations, "\(result.errors)")
        let requests = server.requests
        #expect(requests.count == 1)
        let request = try #require(requests.first)
        #expect(request.method == "POST" && request.path == "/services/T000/B000/\(Self.token)")
        #expect(request.header("Content-Type") == "application/json")
        let body = String(decoding: request.body, as: UTF8.self)
        #expect(body == (try String(contentsOfFile: workspace.path("slack.json"), encoding: .utf8)))
        #expect(try AlertPayloadCheck.problems("slack", body) == [] as [String]?)
        #expect(!body.contains("<!channel>") && body.contains("&lt;!channel&gt;"))
        Self.expectNoSecret([result.output, result.errors] + workspace.texts)
    }

    @Test func pagerDutyTriggersOnceThenResolvesOnceWithOneDedupKey() throws {
        let server = try #require(try HTTPSTestServer.start({ _ in .json(#"{"status":"success","message":"Event processed","dedup_key":"x"}"#, status: 202) }))
        let workspace = try Workspace()
        let file = try SnapshotFile(jobs: [
            SnapshotFile.Job(id: 1, createdAt: "2026-02-09 10:00:00+00"),
            SnapshotFile.Job(id: 2, createdAt: "2026-02-10 10:00:00+00", traceId: nil),
        ])
        let arguments = [
            "check", "--db", file.path, "--format", "pagerduty", "--post", server.baseURL + "/v2/enqueue", "--state", workspace.path("alerts.json"),
        ]
        var outputs: [String] = []
        for _ in 0..<2 {
            let failing = run(arguments, environment: Self.environment(server))
            #expect(failing.code == .violations, "\(failing.errors)")
            outputs += [failing.output, failing.errors]
        }
        #expect(server.requests.count == 1, "the same FAIL twice pages once")
        try file.write { db in try SnapshotFile.exec(db, "UPDATE executor_jobs SET trace_id = 'abc' WHERE id = 2") }
        for _ in 0..<2 {
            let passing = run(arguments, environment: Self.environment(server))
            #expect(passing.code == .passed, "\(passing.errors)")
            outputs += [passing.output, passing.errors]
        }
        let events = try server.requests.map { request in
            let text = String(decoding: request.body, as: UTF8.self)
            #expect(try AlertPayloadCheck.problems("pagerduty", text, posted: true) == [] as [String]?)
            return try AlertFormatTests.object(text)
        }
        #expect(events.map { $0["event_action"] as? String } == ["trigger", "resolve"])
        #expect(events.map { $0["routing_key"] as? String } == [Self.routingKey, Self.routingKey])
        let keys = Set(events.compactMap { $0["dedup_key"] as? String })
        #expect(keys.count == 1)
        let state = try String(contentsOfFile: workspace.path("alerts.json"), encoding: .utf8)
        #expect(state.contains(keys.first ?? "?") && state.contains("\"verdict\": \"PASS\""))
        Self.expectNoSecret(outputs + workspace.texts)
    }

    @Test func slackWithStateAndNoChangePostsOnce() throws {
        let server = try #require(try HTTPSTestServer.start({ _ in .init(status: 200, body: Data("ok".utf8)) }))
        let workspace = try Workspace()
        let demo = Repository.path("fixtures/demo.sqlite").path
        let post = try Self.urlFile(server, workspace)
        for _ in 0..<2 {
            let result = run(
                ["check", "--db", demo, "--format", "slack", "--post", post, "--state", workspace.path("alerts.json")], environment: Self.environment(server))
            #expect(result.code == .violations, "\(result.errors)")
        }
        #expect(server.requests.count == 1)
        // --notify-on always posts every run.
        _ = run(
            ["check", "--db", demo, "--format", "slack", "--post", post, "--state", workspace.path("alerts.json"), "--notify-on", "always"],
            environment: Self.environment(server))
        #expect(server.requests.count == 2)
    }

    @Test func tooManyRequestsIsRetriedAfterRetryAfter() throws {
        let answered = Counter()
        let server = try #require(try HTTPSTestServer.start({ _ in
            answered.next() == 0
                ? HTTPSTestServer.Reply(status: 429, headers: [("Retry-After", "1")], body: Data("rate_limited".utf8))
                : HTTPSTestServer.Reply(status: 200, body: Data("ok".utf8))
        }))
        let workspace = try Workspace()
        let started = Date()
        let result = run(
            ["check", "--db", Repository.path("fixtures/demo.sqlite").path, "--format", "slack", "--post", try Self.urlFile(server, workspace), "--timeout", "20"],
            environment: Self.environment(server))
        #expect(result.code == .violations, "\(result.errors)")
        #expect(server.requests.count == 2)
        #expect(Date().timeIntervalSince(started) >= 0.9, "waited for Retry-After")
    }

    @Test func aServerErrorIsExit3AfterTheReportWithTheVerdictAndOnlyTheHost() throws {
        let server = try #require(try HTTPSTestServer.start({ _ in .init(status: 500, body: Data("boom".utf8)) }))
        let workspace = try Workspace()
        let result = run(
            ["check", "--db", Repository.path("fixtures/demo.sqlite").path, "--format", "slack", "--post", try Self.urlFile(server, workspace),
             "--output", workspace.path("slack.json"), "--state", workspace.path("alerts.json"), "--timeout", "3"],
            environment: Self.environment(server))
        #expect(result.code == .cannotCheck)
        #expect(server.requests.count >= 2, "5xx is retried")
        let lines = result.errors.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("traceaudit: FAIL: 5 violations") == true, "\(lines)")
        #expect(lines.last?.hasPrefix("traceaudit: error: the alert was not delivered: localhost:\(server.port)") == true, "\(lines)")
        #expect(FileManager.default.fileExists(atPath: workspace.path("slack.json")), "the report is written first")
        #expect(!FileManager.default.fileExists(atPath: workspace.path("alerts.json")), "a failed post is not recorded: the next run retries")
        Self.expectNoSecret([result.output, result.errors] + workspace.texts)
    }

    @Test func aStallBeyondTimeoutIsExit3InTime() throws {
        let server = try #require(try HTTPSTestServer.start({ _ in .init(status: 200, body: Data("ok".utf8), delay: 30) }))
        let workspace = try Workspace()
        let started = Date()
        let result = run(
            ["check", "--db", Repository.path("fixtures/demo.sqlite").path, "--format", "slack", "--post", try Self.urlFile(server, workspace), "--timeout", "1.5"],
            environment: Self.environment(server))
        #expect(result.code == .cannotCheck)
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(result.errors.contains("did not answer within"), "\(result.errors)")
        Self.expectNoSecret([result.output, result.errors])
    }

    @Test func anAuditThatCannotRunPostsError() throws {
        let server = try #require(try HTTPSTestServer.start({ _ in .json("{}", status: 202) }))
        let workspace = try Workspace()
        let result = run(
            ["check", "--db", workspace.path("absent.sqlite"), "--format", "pagerduty", "--post", server.baseURL + "/v2/enqueue"],
            environment: Self.environment(server))
        #expect(result.code == .cannotCheck)
        let event = try AlertFormatTests.object(String(decoding: try #require(server.requests.first).body, as: UTF8.self))
        #expect(event["event_action"] as? String == "trigger")
        #expect(event.value("payload.severity") as? String == "error")
        Self.expectNoSecret([result.output, result.errors])
    }

    /// docs/alerts.md's Slack and PagerDuty cron lines, run as cron would (/bin/sh, the crontab's
    /// variables), with only the files, the PagerDuty URL and the database swapped for the test's:
    /// a violation an hour old posts once, the same state the next run posts nothing.
    @Test func theGuidesCronLinesPostOnceThenNothing() throws {
        let server = try #require(try HTTPSTestServer.start({ _ in .json("{}", status: 202) }))
        let workspace = try Workspace()
        let guide = try String(contentsOf: Repository.path("docs/alerts.md"), encoding: .utf8)
        let block = try #require(guide.components(separatedBy: "```crontab\n").dropFirst().first?.components(separatedBy: "```").first)
        var environment: [String: String] = [:]
        var lines: [String] = []
        for text in block.split(separator: "\n").map(String.init) where !text.hasPrefix("#") {
            let fields = text.split(separator: " ", maxSplits: 5)
            if fields.count == 1, let equals = text.firstIndex(of: "=") {
                environment[String(text[..<equals])] = String(text[text.index(after: equals)...])
            } else if fields.count == 6, fields[5].contains("--post") {
                lines.append(String(fields[5]))
            }
        }
        #expect(lines.count == 2)
        let hourAgo = try #require(Instant(microseconds: Instant.now.microseconds - 3_600_000_000))
        let file = try SnapshotFile(jobs: [
            SnapshotFile.Job(id: 1, createdAt: .text(hourAgo.description)),
            SnapshotFile.Job(id: 2, createdAt: .text(hourAgo.description), traceId: nil),
        ])
        try "\(server.baseURL)/services/T000/B000/\(Self.token)\n".write(toFile: workspace.path("webhook"), atomically: true, encoding: .utf8)
        try Self.routingKey.write(toFile: workspace.path("routing-key"), atomically: true, encoding: .utf8)
        environment["TRACEAUDIT_DB"] = file.path
        environment["PATH"] = executableURL.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["SSL_CERT_FILE"] = server.authority.certificate
        for round in 0..<2 {
            for line in lines {
                let command = line.replacingOccurrences(of: "/etc/traceaudit/slack-webhook", with: workspace.path("webhook"))
                    .replacingOccurrences(of: "/etc/traceaudit/pagerduty-routing-key", with: workspace.path("routing-key"))
                    .replacingOccurrences(of: "/var/lib/traceaudit/alerts.json", with: workspace.path("alerts.json"))
                    .replacingOccurrences(of: "https://events.pagerduty.com/v2/enqueue", with: server.baseURL + "/v2/enqueue")
                let result = try runProcess("/bin/sh", ["-c", command], environment: environment)
                #expect(result.status == 1 && result.errors.isEmpty && result.output.isEmpty, "round \(round): \(command): \(result.errors)")
            }
        }
        let requests = server.requests
        #expect(requests.map(\.path) == ["/services/T000/B000/\(Self.token)", "/v2/enqueue"])
        let event = try AlertFormatTests.object(String(decoding: try #require(requests.last).body, as: UTF8.self))
        #expect(event["routing_key"] as? String == Self.routingKey && event["event_action"] as? String == "trigger")
        Self.expectNoSecret([try String(contentsOfFile: workspace.path("alerts.json"), encoding: .utf8)])
    }

    @Test func aMissingRoutingKeyIsAUsageError() throws {
        let result = run(
            ["check", "--db", Repository.path("fixtures/demo.sqlite").path, "--format", "pagerduty", "--post", "https://events.pagerduty.com/v2/enqueue"])
        #expect(result.code == .usageError)
        #expect(result.errors.contains("PAGERDUTY_ROUTING_KEY"))
    }
}

/// Counts calls from the server's thread.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    /// The calls before this one.
    func next() -> Int {
        lock.withLock {
            defer { count += 1 }
            return count
        }
    }
}
