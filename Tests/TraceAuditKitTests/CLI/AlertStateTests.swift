import Foundation
import Testing
@testable import TraceAuditKit

/// `--state` and `--notify-on change`: what counts as news, the file's round trip, its lock.
@Suite("Alert state")
struct AlertStateTests {
    typealias Entry = AlertState.Entry
    static let t0 = Instant(parsing: "2026-02-10T00:00:00Z")!
    static let t1 = Instant(parsing: "2026-02-11T00:00:00Z")!

    static func entry(_ verdict: AlertSummary.Verdict, _ violations: Int = 0, newest: Instant? = nil) -> Entry {
        Entry(verdict: verdict, violations: violations, newest: newest, checkedAt: t0)
    }

    @Test func newsIsANewVerdictOrNewViolations() {
        // A first run pages only for a problem: there is nothing to resolve yet.
        #expect(AlertState.isNews(Self.entry(.fail, 3, newest: Self.t0), after: nil))
        #expect(AlertState.isNews(Self.entry(.error), after: nil))
        #expect(!AlertState.isNews(Self.entry(.pass), after: nil))
        // The same FAIL again is not news; more violations or a newer one is.
        let failing = Self.entry(.fail, 3, newest: Self.t0)
        #expect(!AlertState.isNews(failing, after: failing))
        #expect(!AlertState.isNews(Self.entry(.fail, 2, newest: Self.t0), after: failing))
        #expect(AlertState.isNews(Self.entry(.fail, 4, newest: Self.t0), after: failing))
        #expect(AlertState.isNews(Self.entry(.fail, 3, newest: Self.t1), after: failing))
        // The first PASS after a FAIL or an ERROR resolves, once.
        #expect(AlertState.isNews(Self.entry(.pass), after: failing))
        #expect(AlertState.isNews(Self.entry(.pass), after: Self.entry(.error)))
        #expect(!AlertState.isNews(Self.entry(.pass), after: Self.entry(.pass)))
        #expect(AlertState.isNews(Self.entry(.error), after: failing))
        #expect(!AlertState.isNews(Self.entry(.error), after: Self.entry(.error)))
    }

    @Test func fileRoundTripsAndIsReplacedAtomically() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("traceaudit-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("alerts.json").path
        #expect(try AlertState.read(path) == AlertState())
        var state = AlertState()
        state["traceaudit/check/executor_jobs/0123456789abcdef"] = Self.entry(.fail, 5, newest: Self.t1)
        state["traceaudit/logs/executor_jobs/fedcba9876543210"] = Self.entry(.pass)
        try state.write(path)
        #expect(try AlertState.read(path) == state)
        // JSON that Python reads, and no temporary file left beside it.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        #expect(object["schema_version"] as? Int == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["alerts.json"])
        try "{\"not\": \"state\"}".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: TraceAuditError.self) { try AlertState.read(path) }
    }

    @Test func aSecondRunWaitsForTheLockThenGivesUp() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("traceaudit-lock-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("alerts.json").path
        var held: AlertStateLock? = try AlertStateLock(statePath: path, waitMicroseconds: 0)
        // flock locks belong to the open file description: a second open in this process contends like another run.
        do {
            _ = try AlertStateLock(statePath: path, waitMicroseconds: 200_000)
            Issue.record("the second lock was granted while the first was held")
        } catch {
            #expect(error.failure?.kind == .outputFile)
            #expect(FailureText.line(error).contains("locked by another traceaudit run"))
        }
        held = nil
        _ = held
        _ = try AlertStateLock(statePath: path, waitMicroseconds: 0)
    }

    @Test func postOptionsAreChecked() throws {
        func usage(_ arguments: [String]) -> String? {
            do {
                _ = try Command.parse(["--db", "x.sqlite"] + arguments)
                return nil
            } catch {
                return FailureText.line(error, quote: Echo.shown)
            }
        }
        let url = "https://hooks.slack.com/services/T0/B0/secret"
        #expect(usage(["--format", "slack", "--post", url]) == nil)
        #expect(usage(["--format", "json", "--post", "@/etc/url", "--state", "s.json"]) == nil)
        #expect(usage(["--format", "markdown", "--post", url])?.contains("slack, pagerduty or json") == true)
        #expect(usage(["--format", "slack", "--post", "http://example.com/hook"]).map { !$0.contains("example.com") } == true)
        #expect(usage(["--format", "slack", "--post", url, "--notify-on", "change"])?.contains("needs --state") == true)
        #expect(usage(["--format", "slack", "--state", "s.json"])?.contains("needs --post") == true)
        // --timeout bounds the delivery even for a SQLite snapshot.
        guard case .tableCheck(let options) = try Command.parse(["--db", "x.sqlite", "--format", "slack", "--post", url, "--timeout", "2.5"]) else {
            Issue.record("not a table check")
            return
        }
        #expect(options.report.destination.post?.timeoutMilliseconds == 2500)
        #expect(options.report.destination.post?.notifyOn == .always)
    }
}
