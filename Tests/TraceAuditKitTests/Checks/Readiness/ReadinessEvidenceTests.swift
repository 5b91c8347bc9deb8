import Foundation
import Testing
@testable import TraceAuditKit

/// Readiness' evidence, on both engines, with tables and logs built around now
/// (`ReadinessAtNowTests.now`, 2026-03-20T08:00:00Z): a day is log-clean only when the logs cover
/// it, a path is verified only when it passed, NOT READY says when it can flip, and every format
/// (e-mail and html included) says so.
@Suite("Readiness evidence", .serialized, .timeLimit(.minutes(5)))
struct ReadinessEvidenceTests {
    typealias At = ReadinessAtNowTests
    static let now = At.now

    /// Ten days of traced jobs, yesterday back.
    static let cleanWeek = At.traced(daysAgo: 1...10)

    /// A JSON-lines log of ordinary (not POLICY_VIOLATION) records at `times`.
    static func log(_ times: [String], name: String = "app.jsonl") throws -> (path: String, folder: URL) {
        let folder = try LogsCommandTests.folder()
        let text = times.map { #"{"time":"\#($0)","msg":"job 12 succeeded","level":"info"}"# + "\n" }.joined()
        return (try LogsCommandTests.write(Array(text.utf8), name, in: folder), folder)
    }

    static func days(_ json: [String: Any]) -> [[String: Any]] { json["days"] as? [[String: Any]] ?? [] }

    // MARK: 1. Logs must cover the day

    /// The issue's first finding: logs from today alone made the week READY. Records of any kind
    /// count for the span (these are ordinary records, no marker), and the days before are named.
    @Test(arguments: ReadinessEngine.available)
    func logsCoveringOnlyTodayAreNotReady(engine: ReadinessEngine) throws {
        let log = try Self.log(["2026-03-20T00:00:00Z", "2026-03-20T08:00:00Z"])
        defer { try? FileManager.default.removeItem(at: log.folder) }
        let result = try engine.readiness(Self.cleanWeek, ["--logs", log.path])
        #expect(result.code == .violations)
        let json = try At.json(result)
        #expect(json["ready"] as? Bool == false)
        #expect(json["reasons"] as? [String] == ["logs do not cover 2026-03-13 to 2026-03-19: no evidence the orchestrator logged nothing"])
        #expect(Self.days(json).map { $0["logs"] as? String } == ["covered"] + Array(repeating: "not_covered", count: 7))
        let logs = json["logs"] as? [String: Any]
        #expect(logs?["source"] as? String == "records")
        #expect((logs?["covered"] as? [[String: String]]) == [["since": "2026-03-20T00:00:00Z", "until": "2026-03-20T08:00:00.000001Z"]])
        #expect(logs?["uncovered_days"] as? [String] == (13...19).reversed().map { "2026-03-\($0)" })
        // The table is clean since 2026-03-10: waiting is not what it needs, logs are.
        #expect(json["ready_at"] is NSNull)
        #expect((json["ready_at_requires"] as? [String])?.first?.hasPrefix("logs covering 2026-03-13 to 2026-03-19") == true)
        let table = try engine.readiness(Self.cleanWeek, ["--logs", log.path], format: "table")
        #expect(table.output.contains("2026-03-19                1           0       0  logs: not covered"), "\(table.output)")
        #expect(table.output.contains("logs cover 2026-03-20T00:00:00Z to 2026-03-20T08:00:00Z"))
    }

    /// Without --logs the report says the verdict rests on the table alone, and JSON has no logs.
    @Test func withoutLogsTheTableAlone() throws {
        let result = try ReadinessEngine.sqlite.readiness(Self.cleanWeek, format: "table")
        #expect(result.code == .passed)
        #expect(result.output.contains("no --logs: the verdict rests on the table alone"), "\(result.output)")
        let json = try At.json(try ReadinessEngine.sqlite.readiness(Self.cleanWeek))
        #expect(json["logs"] is NSNull)
        #expect(Self.days(json).allSatisfy { $0["logs"] is NSNull })
    }

    /// `--logs-cover` states a filtered export's span: spanning the window it is READY; starting a
    /// day late it names the day left out.
    @Test(arguments: ReadinessEngine.available)
    func logsCoverSpanningTheWindowIsReady(engine: ReadinessEngine) throws {
        let log = try Self.log(["2026-03-18T09:00:00Z"])
        defer { try? FileManager.default.removeItem(at: log.folder) }
        let result = try engine.readiness(Self.cleanWeek, ["--logs", log.path, "--logs-cover", "2026-03-13..now"])
        #expect(result.code == .passed, "\(result.output)\(result.errors)")
        let json = try At.json(result)
        #expect(json["ready"] as? Bool == true)
        #expect(Self.days(json).allSatisfy { $0["logs"] as? String == "covered" })
        #expect((json["logs"] as? [String: Any])?["source"] as? String == "stated")
        // The streak reaches back only as far as the logs do: 2026-03-13, so READY since today.
        #expect(json["ready_since"] as? String == "2026-03-20T00:00:00Z")
        #expect(json["ready_at"] is NSNull)
        let late = try At.json(try engine.readiness(Self.cleanWeek, ["--logs", log.path, "--logs-cover", "2026-03-14..now"]))
        #expect(late["ready"] as? Bool == false)
        #expect(late["reasons"] as? [String] == ["logs do not cover 2026-03-13: no evidence the orchestrator logged nothing"])
    }

    /// Two files with a day between them: the gap is not covered (each file spans its own records).
    @Test func aGapBetweenTwoFilesIsNotCovered() throws {
        let first = try Self.log(["2026-03-13T00:00:00Z", "2026-03-16T00:00:00Z"], name: "a.jsonl")
        let second = try Self.log(["2026-03-17T00:00:00Z", "2026-03-20T08:00:00Z"], name: "b.jsonl")
        defer {
            try? FileManager.default.removeItem(at: first.folder)
            try? FileManager.default.removeItem(at: second.folder)
        }
        let json = try At.json(try ReadinessEngine.sqlite.readiness(Self.cleanWeek, ["--logs", first.path, second.path]))
        #expect(json["reasons"] as? [String] == ["logs do not cover 2026-03-16: no evidence the orchestrator logged nothing"])
    }

    /// The coverage a fetch hands in (`LogCoverage.fetched`, source `fetched`; the CLI's fetch is
    /// in ReadinessSupabaseTests): covering the week, READY; one day missing, that day is named.
    @Test(arguments: ReadinessEngine.available)
    func fetchWhoseWindowsCoverTheWeekIsReady(engine: ReadinessEngine) throws {
        let today = Self.now.day.number
        func windows(skipping skipped: Int64? = nil) -> [TimeWindow] {
            (today - 7...today).filter { $0 != skipped }.map { day in
                TimeWindow(since: UTCDay(number: day).start, until: day == today ? Self.now : UTCDay(number: day + 1).start)
            }
        }
        try engine.stored(Self.cleanWeek) { target in
            guard case .readiness(let options) = try Command.parse(["readiness"] + target, now: Self.now) else { throw TestFailure("not readiness") }
            func report(_ windows: [TimeWindow]) throws -> ReadinessReport {
                var context = ReportContext(engine: nil, target: "", command: .readiness, policy: options.report.request.policy, window: .all, startedAt: Self.now)
                let session = try TraceAudit.open(options.database, environment: [:], context: &context)
                return try ReadinessReport.run(
                    options.report.request, readiness: options.readiness, session: session, now: Self.now, logs: ReadinessLogs(entriesByDay: [:], coverage: LogCoverage(windows, source: .fetched)))
            }
            let week = try report(windows())
            #expect(week.ready)
            #expect(week.days.allSatisfy { $0.logsCovered == true })
            let context = ReportContext(engine: .sqlite, target: "t", command: .readiness, policy: week.policy, window: .all, startedAt: Self.now)
            let json = try JSONSerialization.jsonObject(with: Data(week.rendered(.json, context: context, style: Style(enabled: false)).utf8)) as? [String: Any]
            #expect((json?["logs"] as? [String: Any])?["source"] as? String == "fetched")
            let gap = try report(windows(skipping: today - 4))
            #expect(!gap.ready)
            #expect(gap.uncoveredDays == [UTCDay(number: today - 4)])
            // Covering today only up to an hour ago leaves today uncovered: today counts up to now.
            let stale = try report(windows().dropLast() + [TimeWindow(since: Self.now.day.start, until: Instant(parsing: "2026-03-20T07:00:00Z")!)])
            #expect(stale.uncoveredDays == [Self.now.day])
        }
    }

    // MARK: 2. Paths verified only when they passed

    /// A type with one violation in the window is failing, not verified; a type without traffic in
    /// the window is unexercised; --require-all-types makes both NOT READY.
    @Test(arguments: ReadinessEngine.available)
    func typeWithOneViolationIsFailing(engine: ReadinessEngine) throws {
        let jobs = Self.cleanWeek + At.traced(daysAgo: 1...10, type: "sync_inventory", firstId: 100)
            + At.traced(daysAgo: 20...20, type: "send_sms", firstId: 200)
            + [At.job(300, createdSecondsAgo: 3 * At.day, type: "sync_inventory", traced: false)]
        let json = try At.json(try engine.readiness(jobs))
        let paths = json["paths"] as? [[String: Any]] ?? []
        #expect(paths.map { $0["type"] as? String } == ["send_email", "send_sms", "sync_inventory"])
        #expect(paths.map { $0["state"] as? String } == ["verified", "unexercised", "failing"])
        #expect(paths.map { $0["verified"] as? Bool } == [true, false, false])
        #expect(paths.last?["violations"] as? Int == 1)
        #expect(json["path_counts"] as? [String: Int] == ["verified": 1, "failing": 1, "unexercised": 1])
        let strict = try At.json(try engine.readiness(jobs, ["--require-all-types"]))
        #expect(strict["ready"] as? Bool == false)
        #expect((strict["reasons"] as? [String])?.contains("failing path sync_inventory: 1 violation since 2026-03-13") == true)
        #expect((strict["reasons"] as? [String])?.contains { $0.hasPrefix("unexercised path send_sms:") } == true)
        let criteria = strict["criteria"] as? [[String: Any]] ?? []
        #expect(criteria.map { $0["id"] as? String } == ["clean_days", "paths_verified", "team_confident"])
        #expect(criteria.map { $0["state"] as? String } == ["not_met", "not_met", "human_step"])
        let table = try engine.readiness(jobs, ["--require-all-types"], format: "table")
        #expect(table.output.contains("1 verified, 1 failing, 1 unexercised"), "\(table.output)")
        #expect(table.output.split(separator: "\n").contains { $0.hasPrefix("  sync_inventory ") && $0.hasSuffix("  failing") }, "\(table.output)")
    }

    // MARK: 3. When it can flip

    /// A violation yesterday at 23:59:59.999 is yesterday's: READY at the start of the day seven
    /// clean days later; one today moves it a day on.
    @Test(arguments: ReadinessEngine.available)
    func readyAtAfterAViolation(engine: ReadinessEngine) throws {
        func violation(_ at: String) -> Job {
            Job(id: 500, createdAt: .text(at), type: "sync_inventory", updatedAt: .text(at), traceId: nil)
        }
        let yesterday = try At.json(try engine.readiness(Self.cleanWeek + [violation("2026-03-19T23:59:59.999Z")]))
        #expect(yesterday["ready"] as? Bool == false)
        #expect(yesterday["last_broken_day"] as? String == "2026-03-19")
        #expect(yesterday["ready_at"] as? String == "2026-03-27T00:00:00Z")
        let today = try engine.readiness(Self.cleanWeek + [violation("2026-03-20T00:00:00Z")])
        #expect(try At.json(today)["ready_at"] as? String == "2026-03-28T00:00:00Z")
        let table = try engine.readiness(Self.cleanWeek + [violation("2026-03-20T00:00:00Z")], format: "table")
        let unwrapped = table.output.replacingOccurrences(of: "\n    ", with: " ")
        #expect(unwrapped.contains("\n  Ready at 2026-03-28T00:00:00Z if clean: no new violation, succeeded jobs every day."), "\(table.output)")
        #expect(!table.output.contains("\nNext"))
        let metrics = try PrometheusSamples(try engine.readiness(Self.cleanWeek + [violation("2026-03-20T00:00:00Z")], format: "prometheus").output)
        #expect(metrics["traceaudit_strict_mode_ready_at_timestamp_seconds"] == Double(Instant(parsing: "2026-03-28T00:00:00Z")!.microseconds / 1_000_000))
    }

    /// READY says since when, and Next: the strict-mode switch and how to watch its first day.
    @Test func readySinceAndNext() throws {
        let result = try ReadinessEngine.sqlite.readiness(Self.cleanWeek, format: "table", environment: ["COLUMNS": "200"])
        #expect(result.code == .passed)
        #expect(result.output.contains("READY since 2026-03-17T00:00:00Z"), "\(result.output)")
        #expect(result.output.contains("[x] 7 days without violations (table and logs): met"))
        #expect(result.output.contains("[?] Team confident: your call"))
        #expect(result.output.contains("\nNext:\n  - Switch on strict mode: at the validation point, throw instead of logging POLICY_VIOLATION"))
        #expect(result.output.contains("traceaudit check --table main.executor_jobs --since SWITCH_TIME"))
        let json = try At.json(try ReadinessEngine.sqlite.readiness(Self.cleanWeek))
        #expect(json["ready_since"] as? String == "2026-03-17T00:00:00Z")
        #expect((json["next"] as? [String])?.count == 2)
    }

    // MARK: 5. Every format

    /// The e-mail, read by Python's `email` and its html part by html5lib: the subject carries the
    /// verdict and the date it can flip; the text part stays within 72 columns.
    @Test(.enabled(if: PythonCheck.installed(module: "html5lib")), arguments: ReadinessEngine.available)
    func emailParsesAndCarriesTheFlipDate(engine: ReadinessEngine) throws {
        let violation = Job(id: 500, createdAt: .text("2026-03-20T01:00:00Z"), type: "sync_inventory", updatedAt: .text("2026-03-20T01:00:00Z"), traceId: nil)
        let result = try engine.readiness(
            Self.cleanWeek + [violation], ["--mail-to", "lead@example.com", "--mail-from", "audit@example.com", "--subject-prefix", "[jobs-prod]"], format: "email")
        #expect(result.code == .violations, "\(result.errors)")
        let folder = try LogsCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try LogsCommandTests.write(Array(result.output.utf8), "mail.eml", in: folder)
        let message = try PythonCheck.json(EmailDeliveryTests.parser, [file])
        #expect(message["subject"] as? String == "[jobs-prod] NOT READY for strict mode: ready at 2026-03-28 if clean")
        #expect(message["to"] as? [String] == ["lead@example.com"])
        #expect(message["defects"] as? [String] == [])
        let parts = message["parts"] as? [[String: Any]] ?? []
        #expect(parts.map { $0["type"] as? String } == ["text/plain", "text/html"])
        let text = parts.first?["body"] as? String ?? ""
        #expect(text.contains("Ready at 2026-03-28T00:00:00Z if clean"))
        #expect(text.contains("[ ] All paths verified with trace_id: not met"))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 72 }, "\(text)")
        let ids = parts.last?["ids"] as? [String: String] ?? [:]
        #expect(ids["verdict"] == "NOT READY")
        #expect(ids["flip"]?.hasPrefix("Ready at 2026-03-28T00:00:00Z if clean") == true)
        #expect(ids["criterion-paths_verified"]?.contains("failing: sync_inventory") == true)
        #expect(parts.last?["scripts"] as? Int == 0)
        #expect(result.output.split(separator: "\n").allSatisfy { $0.utf8.count <= 78 })
        let ready = try engine.readiness(Self.cleanWeek, ["--mail-to", "lead@example.com", "--mail-from", "audit@example.com"], format: "email")
        let readyFile = try LogsCommandTests.write(Array(ready.output.utf8), "ready.eml", in: folder)
        #expect(try PythonCheck.json(EmailDeliveryTests.parser, [readyFile])["subject"] as? String == "[traceaudit] READY for strict mode since 2026-03-17")
    }

    /// README's readiness crontab line, run as cron would with msmtp sending to a local SMTP
    /// server: NOT READY arrives with the date it can flip in the subject.
    @Test(.enabled(if: MailChain.enabled && PythonCheck.installed(module: "html5lib"))) func readmeCronLineMailsTheVerdict() throws {
        let chain = try #require(try MailChain.start())
        let readme = try Documentation.text()
        let block = try #require(readme.components(separatedBy: "```crontab\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
            .first { $0.contains("traceaudit readiness") && $0.contains("| msmtp") })
        var environment: [String: String] = [:]
        var command: String?
        for text in block.split(separator: "\n").map(String.init) where !text.hasPrefix("#") {
            let fields = text.split(separator: " ", maxSplits: 5)
            if fields.count == 1, let equals = text.firstIndex(of: "=") {
                environment[String(text[..<equals])] = String(text[text.index(after: equals)...])
            } else if fields.count == 6 {
                command = String(fields[5])
            }
        }
        let line = try #require(command)
        #expect(!line.contains("%") && line.contains("--format email"))
        // Clean days up to yesterday and a violation today, around the real now cron runs at.
        let now = Instant.now
        let today = now.day.number
        func at(_ day: Int64) -> SnapshotFile.Value { .text(UTCDay(number: day).description + "T00:00:01Z") }
        var jobs = (1...10).map { Job(id: .integer($0), createdAt: at(today - $0), updatedAt: at(today - $0)) }
        jobs.append(Job(id: 99, createdAt: at(today), type: "sync_inventory", updatedAt: at(today), traceId: nil))
        let snapshot = try SnapshotFile(jobs: jobs)
        environment["TRACEAUDIT_DB"] = snapshot.path
        environment["PATH"] = executableURL.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["HOME"] = chain.home.path
        let result = try runProcess("/bin/sh", ["-c", line], environment: environment)
        #expect(result.status == 0, "\(result.errors)")
        let received = try chain.received()
        try #require(received.count == 1)
        #expect(received[0].recipients == ["platform-leads@example.com"])
        let file = chain.home.appendingPathComponent("readiness.eml")
        try received[0].data.write(to: file)
        let message = try PythonCheck.json(EmailDeliveryTests.parser, [file.path])
        #expect(message["subject"] as? String == "[jobs-prod] NOT READY for strict mode: ready at \(UTCDay(number: today + 8)) if clean")
        #expect(message["defects"] as? [String] == [])
        #expect((message["longest_line"] as? Int ?? 999) <= 78)
    }

    /// The page: valid HTML5 (html5lib, no parse error), nothing that loads or runs, the criteria,
    /// days and paths with their numbers.
    @Test(.enabled(if: PythonCheck.installed(module: "html5lib"))) func htmlPageParses() throws {
        let jobs = Self.cleanWeek + (0..<1_234).map { At.job(1_000 + Int64($0), createdSecondsAgo: 2 * At.day + Int64($0), type: "sync_<b>inventory</b>") }
        let log = try Self.log(["2026-03-20T00:00:00Z", "2026-03-20T08:00:00Z"])
        defer { try? FileManager.default.removeItem(at: log.folder) }
        let result = try ReadinessEngine.sqlite.readiness(jobs, ["--logs", log.path], format: "html")
        let file = try LogsCommandTests.write(Array(result.output.utf8), "page.html", in: log.folder)
        let page = try PythonCheck.json(HTMLReportTests.inspector, [file])
        #expect(page["errors"] as? [String] == [])
        #expect(page["active"] as? [String] == [])
        #expect(page["loading"] as? [String] == [])
        let ids = page["ids"] as? [String: String] ?? [:]
        #expect(ids["verdict"] == "NOT READY")
        #expect(ids["criterion-clean_days"]?.contains("not covered: 2026-03-13 to 2026-03-19") == true)
        #expect(ids["days"]?.contains("1,235") == true)  // thousands separators
        #expect(ids["paths"]?.contains("sync_<b>inventory</b>") == true)  // shown as text
        #expect(ids["reasons"]?.contains("logs do not cover 2026-03-13 to 2026-03-19") == true)
    }

    /// The table at 80 and 120 columns: no line wider, numbers with separators, and a long job
    /// type never cut (it stands on its own line when the row cannot fit).
    @Test func tableFitsTheTerminalWithoutCuttingATypes() throws {
        let long = "reconcile_inventory_across_all_regional_warehouses_v2"
        let jobs = Self.cleanWeek + At.traced(daysAgo: 1...10, type: long, firstId: 100)
            + (0..<1_500).map { At.job(1_000 + Int64($0), createdSecondsAgo: 3 * At.day + Int64($0)) }
        let log = try Self.log(["2026-03-20T00:00:00Z", "2026-03-20T08:00:00Z"])
        defer { try? FileManager.default.removeItem(at: log.folder) }
        for width in [80, 120] {
            let result = try ReadinessEngine.sqlite.readiness(jobs, ["--logs", log.path], format: "table", environment: ["COLUMNS": String(width)])
            let wide = result.output.split(separator: "\n").filter { $0.count > width }
            #expect(wide.isEmpty, "\(width): \(wide)")
            #expect(result.output.contains(long), "\(result.output)")
            #expect(result.output.contains("  2026-03-17            1,502"), "\(result.output)")
        }
    }

    /// A job type with terminal controls reaches no format raw: the table, markdown and the
    /// e-mail's text part show it escaped.
    @Test func hostileTypeIsEscaped() throws {
        let hostile = "evil\u{1B}]0;pwned\u{07}\r\nREADY"
        let jobs = Self.cleanWeek + At.traced(daysAgo: 1...10, type: hostile, firstId: 100)
        for (format, extra) in [("table", [String]()), ("markdown", []), ("email", ["--mail-to", "a@example.com", "--mail-from", "audit@example.com"])] {
            let result = try ReadinessEngine.sqlite.readiness(jobs, extra, format: format)
            #expect(result.code == .passed, "\(format): \(result.errors)")
            #expect(!result.output.contains("\u{1B}") && !result.output.contains("\u{07}") && !result.output.contains("\r"), "\(format)")
        }
    }

    /// The options: --logs-cover needs --logs and a SINCE..UNTIL span; the mail options go with
    /// readiness' email format.
    @Test func optionsAreChecked() throws {
        let file = try SnapshotFile(jobs: [])
        func errors(_ extra: [String]) -> String { run(["readiness", "--db", file.path] + extra).errors }
        #expect(errors(["--logs-cover", "2026-03-01..now"]).hasPrefix("traceaudit: error: --logs-cover states the span of the --logs files"))
        #expect(errors(["--logs", "x.log", "--logs-cover", "2026-03-01"]).hasPrefix("traceaudit: error: --logs-cover '2026-03-01' is not SINCE..UNTIL"))
        #expect(errors(["--logs", "x.log", "--logs-cover", "2026-03-05..2026-03-01"]).contains("covers nothing"))
        #expect(errors(["--mail-to", "a@example.com"]).hasPrefix("traceaudit: error: --mail-to goes with --format email"))
        guard case .readiness(let options) = try Command.parse(
            ["readiness", "--db", file.path, "--logs", "x.log", "--logs-cover", "7d..2099-01-01"], now: Self.now)
        else { throw TestFailure("not readiness") }
        #expect(options.readiness.logsCover == TimeWindow(since: Instant(parsing: "2026-03-13T08:00:00Z")!, until: Self.now))
    }
}
