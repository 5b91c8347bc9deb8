import Foundation
import Testing
@testable import TraceAuditKit

/// `readiness --supabase`, on both engines, with the table and the fake Management API's records
/// built around now (`ReadinessAtNowTests.now`, 2026-03-20T08:00:00Z): a day is log-clean only
/// where the API still returns records of the function, never because a window came back empty.
@Suite("readiness --supabase", .serialized, .timeLimit(.minutes(5)))
struct ReadinessSupabaseTests {
    typealias At = ReadinessAtNowTests
    typealias API = SupabaseAPI
    static let now = At.now
    /// Ten days of traced jobs, yesterday back.
    static let cleanWeek = At.traced(daysAgo: 1...10)

    /// The orchestrator's ordinary records at 06:00 and 20:00 UTC of each day from 2026-03-10 to
    /// today (until now), except `quiet` days.
    static func routine(except quiet: Set<Int> = []) -> [API.Record] {
        (10...20).filter { !quiet.contains($0) }.flatMap { day in
            ["06", "20"].map { API.at("2026-03-\(day)T\($0):00:00Z") }.filter { $0 <= now.microseconds }.map(API.routine)
        }
    }

    static func readiness(_ engine: ReadinessEngine, _ api: SupabaseAPI, _ extra: [String] = [], format: String = "json") throws -> RunResult {
        try engine.readiness(Self.cleanWeek, ["--supabase", API.project] + extra, format: format, environment: api.environment)
    }

    static func days(_ json: [String: Any]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: (json["days"] as? [[String: Any]] ?? []).map { ($0["day"] as! String, $0["logs"] as? String ?? "") })
    }

    /// The "a fetch whose windows cover the week": records every day, READY. The fetch
    /// asks the window and the day before it, whole UTC days up to now, coverage first.
    @Test(arguments: ReadinessEngine.available)
    func aFetchWithRecordsEveryDayIsReady(engine: ReadinessEngine) throws {
        guard let api = try SupabaseAPI.start(records: Self.routine()) else { return }
        let result = try Self.readiness(engine, api)
        #expect(result.code == .passed, "\(result.output)\(result.errors)")
        let json = try At.json(result)
        #expect(json["ready"] as? Bool == true)
        let logs = json["logs"] as? [String: Any]
        #expect(logs?["source"] as? String == "fetched")
        #expect((logs?["covered"] as? [[String: String]]) == [["since": "2026-03-12T06:00:00Z", "until": "2026-03-20T08:00:00Z"]])
        #expect(Set(Self.days(json).values) == ["covered"])
        let windows = api.markerRequests.map { $0.parameter("iso_timestamp_start")! + " " + $0.parameter("iso_timestamp_end")! }
        #expect(windows.first == "2026-03-12T00:00:00Z 2026-03-13T00:00:00Z" && windows.last == "2026-03-20T00:00:00Z 2026-03-20T08:00:00Z")
        #expect(windows.count == 9 && api.countRequests.count == 9)
        #expect(api.logsRequests.prefix(9).allSatisfy { $0.parameter("sql")?.contains("count(*)") == true })
        let table = try Self.readiness(engine, api, format: "table")
        #expect(table.output.contains("logs cover 2026-03-12T06:00:00Z to 2026-03-20T08:00:00Z (where the API"), "\(table.output)")
        #expect(table.output.contains("every day of the window is covered"))
    }

    /// The defect this fixes: on Pro (7 days' retention) the API answers the oldest day of the
    /// window with nothing, and that day counted as log-clean (READY). It is "logs: not covered".
    @Test(arguments: ReadinessEngine.available)
    func daysPastTheRetentionAreNotCovered(engine: ReadinessEngine) throws {
        let retained = Self.now.microseconds - 7 * 86_400 * 1_000_000  // 2026-03-13T08:00:00Z
        guard let api = try SupabaseAPI.start(records: Self.routine(), retainedSince: retained) else { return }
        let result = try Self.readiness(engine, api)
        #expect(result.code == .violations, "\(result.output)\(result.errors)")
        let json = try At.json(result)
        #expect(json["ready"] as? Bool == false)
        #expect(json["reasons"] as? [String] == ["logs do not cover 2026-03-13: no evidence the orchestrator logged nothing"])
        #expect(Self.days(json)["2026-03-13"] == "not_covered" && Self.days(json)["2026-03-14"] == "covered")
        #expect((json["logs"] as? [String: Any])?["uncovered_days"] as? [String] == ["2026-03-13"])
        #expect((json["ready_at_requires"] as? [String])?.first?.hasPrefix("logs covering 2026-03-13 (the API returned no record of the function there: past the plan's log retention") == true)
        let table = try Self.readiness(engine, api, format: "table")
        #expect(table.output.contains("logs: not covered"), "\(table.output)")
        // Everything gone (Free's one day on an idle function): no day is covered.
        guard let empty = try SupabaseAPI.start(records: []) else { return }
        let none = try At.json(try Self.readiness(engine, empty))
        #expect(none["ready"] as? Bool == false)
        #expect(((none["logs"] as? [String: Any])?["uncovered_days"] as? [String])?.count == 8)
    }

    /// The rule for a day without any record of the function between covered ones: not covered
    /// (a quiet day and a lost one look alike), and the day after it only from its first record,
    /// so not whole either.
    @Test(arguments: ReadinessEngine.available)
    func aDayWithoutRecordsIsNotCovered(engine: ReadinessEngine) throws {
        guard let api = try SupabaseAPI.start(records: Self.routine(except: [16])) else { return }
        let json = try At.json(try Self.readiness(engine, api))
        #expect(json["ready"] as? Bool == false)
        #expect(json["reasons"] as? [String] == ["logs do not cover 2026-03-16 to 2026-03-17: no evidence the orchestrator logged nothing"])
        #expect((json["logs"] as? [String: Any])?["covered"] as? [[String: String]] == [
            ["since": "2026-03-12T06:00:00Z", "until": "2026-03-16T00:00:00Z"], ["since": "2026-03-17T06:00:00Z", "until": "2026-03-20T08:00:00Z"],
        ])
        // Today without a record yet is not covered either: silence since midnight proves nothing.
        let early = try engine.readiness(
            Self.cleanWeek, ["--supabase", API.project], now: Instant(parsing: "2026-03-20T05:00:00Z")!, environment: api.environment)
        #expect((try At.json(early)["logs"] as? [String: Any])?["uncovered_days"] as? [String] == ["2026-03-20", "2026-03-17", "2026-03-16"])
    }

    /// A POLICY_VIOLATION the API returns breaks its day, though the table is clean.
    @Test(arguments: ReadinessEngine.available)
    func aLoggedViolationBreaksItsDay(engine: ReadinessEngine) throws {
        guard let api = try SupabaseAPI.start(records: Self.routine() + [API.violation(job: "77", at: API.at("2026-03-16T10:00:00Z"))]) else { return }
        let json = try At.json(try Self.readiness(engine, api))
        #expect(json["ready"] as? Bool == false)
        #expect(json["reasons"] as? [String] == ["2026-03-16: 1 POLICY_VIOLATION log entry"])
        #expect((json["days"] as? [[String: Any]])?.first { $0["day"] as? String == "2026-03-16" }?["logged"] as? Int == 1)
        #expect(json["ready_at"] as? String == "2026-03-24T00:00:00Z")
    }

    /// The token is in no output, error or report file, and never in the executable's argv.
    @Test func theTokenIsNowhere() throws {
        guard let api = try SupabaseAPI.start(records: Self.routine()) else { return }
        let folder = try LogsCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reports = ["json", "html", "markdown", "prometheus"].map { ($0, folder.appendingPathComponent("r.\($0)").path) }
        for format in ["table", "json", "markdown"] {
            let result = try Self.readiness(.sqlite, api, reports.flatMap { ["--report", "\($0.0)=\($0.1)"] }, format: format)
            #expect(result.code == .passed, "\(result.errors)")
            try SupabaseLogsTests.expectNoToken(result, files: reports.map(\.1))
        }
        // A refused token is exit 3 without it.
        var environment = api.environment
        let wrong = "sbp_ffffffffffffffffffffffffffffffffffffffff"
        environment["SUPABASE_ACCESS_TOKEN"] = wrong
        let refused = try ReadinessEngine.sqlite.readiness(Self.cleanWeek, ["--supabase", API.project], environment: environment)
        #expect(refused.code == .cannotCheck)
        #expect(refused.errors.contains("answered HTTP 401: Unauthorized; SUPABASE_ACCESS_TOKEN was refused"), "\(refused.errors)")
        try SupabaseLogsTests.expectNoToken(refused, token: wrong)
        // The executable: the token only in its environment.
        let file = try SnapshotFile(jobs: Self.cleanWeek)
        var processEnvironment = ProcessInfo.processInfo.environment.merging(api.environment) { $1 }
        processEnvironment["NO_COLOR"] = "1"
        let arguments = ["readiness", "--db", file.path, "--supabase", API.project]
        #expect(!arguments.joined().contains(API.token))
        let process = try runProcess(executableURL.path, arguments, environment: processEnvironment)
        #expect(process.status == 0 || process.status == 1, "\(process.errors)")
        #expect(!process.output.contains(API.token) && !process.errors.contains(API.token))
        #expect(process.output.contains("READY"))
    }

    /// --supabase does not combine with --logs or --logs-cover, needs the token, and --function needs it.
    @Test func usage() throws {
        let file = try SnapshotFile(jobs: [])
        let environment = ["SUPABASE_ACCESS_TOKEN": API.token]
        func errors(_ extra: [String], environment: [String: String] = environment) -> (ExitCode, String) {
            let result = run(["readiness", "--db", file.path] + extra, environment: environment)
            return (result.code, result.errors)
        }
        let both = errors(["--supabase", API.project, "--logs", "app.log"])
        #expect(both.0 == .usageError && both.1.hasPrefix("traceaudit: error: readiness reads either --supabase or --logs, not both"), "\(both.1)")
        let cover = errors(["--supabase", API.project, "--logs-cover", "2026-03-01..now"])
        #expect(cover.0 == .usageError && cover.1.hasPrefix("traceaudit: error: --logs-cover states what a --logs export covers"), "\(cover.1)")
        let token = errors(["--supabase", API.project], environment: [:])
        #expect(token.0 == .usageError && token.1.contains("SUPABASE_ACCESS_TOKEN, which is not set"))
        let function = errors(["--function", "orchestrator"])
        #expect(function.0 == .usageError && function.1.contains("traceaudit readiness --supabase REF --function NAME"))
        let allowEmpty = errors(["--allow-empty", "--supabase", API.project])
        #expect(allowEmpty.0 == .usageError && allowEmpty.1.contains("--allow-empty goes with --logs"))
        guard case .readiness(let options) = try Command.parse(
            ["readiness", "--db", file.path, "--supabase", API.project, "--function", "scheduler", "--timeout", "9"], environment: environment)
        else { throw TestFailure("not readiness") }
        #expect(options.supabase == SupabaseSource(project: API.project, function: "scheduler", timeoutMilliseconds: 9000))
        #expect(options.readiness.logFiles.isEmpty && options.readiness.logsCover == nil)
    }
}
