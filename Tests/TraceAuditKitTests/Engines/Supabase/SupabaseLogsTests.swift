import Foundation
import Testing
@testable import TraceAuditKit

/// `logs --supabase` against the loopback HTTPS server answering as the Management API does.
@Suite("logs --supabase", .serialized, .enabled(if: HTTPSTestServer.enabled))
struct SupabaseLogsTests {
    typealias API = SupabaseAPI
    /// 30 hours: a window of 24 h and one of 6 h.
    static let span = ["--since", "2026-02-07T00:00:00Z", "--until", "2026-02-08T06:00:00Z"]
    static let records: [API.Record] = [
        API.violation(job: "4202", at: API.at("2026-02-07T11:02:03Z")),
        API.Record(id: "o-1", timestamp: API.at("2026-02-07T11:02:03Z") - 3000, message: "ownership_lost_before_trace_id_update { jobId: \"4202\" }\n", level: "warning"),
        API.violation(job: "4203", at: API.at("2026-02-08T03:00:00Z")),
        // Another function's violation, and one outside the span: neither is selected.
        API.Record(id: "x-1", timestamp: API.at("2026-02-07T12:00:00Z"), message: "POLICY_VIOLATION: Job succeeded without trace_id { jobId: \"9\" }", functionID: "other"),
        API.violation(job: "4299", at: API.at("2026-02-08T07:00:00Z")),
    ]

    static func logs(_ api: SupabaseAPI, _ extra: [String] = [], environment: [String: String]? = nil) -> RunResult {
        run(["logs", "--supabase", API.project] + span + extra, environment: environment ?? api.environment)
    }

    /// The token is in no output, error, report file or argv.
    static func expectNoToken(_ result: RunResult, files: [String] = [], token: String = API.token) throws {
        #expect(!result.output.contains(token) && !result.errors.contains(token))
        for file in files { #expect(!(try String(contentsOfFile: file, encoding: .utf8)).contains(token), "\(file)") }
    }

    @Test func fetchesEachWindowWithTheBearerTokenAndTheQuery() throws {
        let api = try #require(try SupabaseAPI.start(records: Self.records))
        let result = Self.logs(api, ["--format", "json"])
        #expect(result.code == .violations, "\(result.errors)")
        let json = try result.json
        #expect(json.int("logged.count") == 2)
        let entries = try #require(json.value("logged.entries") as? [[String: Any]])
        #expect(Set(entries.compactMap { $0["job_id"] as? String }) == ["4202", "4203"])
        #expect(entries.contains { $0["logged_at"] as? String == "2026-02-07T11:02:03Z" })
        #expect(json.value("inputs") as? [String] == ["supabase:\(API.project)/orchestrator"])
        // Entries name the API, not the temporary file the records passed through.
        #expect(entries.allSatisfy { $0["source"] as? String == "supabase:\(API.project)/orchestrator" })
        #expect(json.value("window.since") as? String == "2026-02-07T00:00:00Z" || "\(json)".contains("2026-02-07T00:00:00Z"))
        let requests = api.server.requests
        #expect(requests.first?.path == "/v1/projects/\(API.project)/functions/orchestrator")
        #expect(requests.allSatisfy { $0.header("Authorization") == "Bearer \(API.token)" && $0.method == "GET" })
        let windows = api.markerRequests.map { [$0.parameter("iso_timestamp_start"), $0.parameter("iso_timestamp_end")] }
        #expect(windows == [["2026-02-07T00:00:00Z", "2026-02-08T00:00:00Z"], ["2026-02-08T00:00:00Z", "2026-02-08T06:00:00Z"]])
        // The coverage is asked first, one UTC day at a time, for records of any kind of the function.
        #expect(api.logsRequests.prefix(2).map { $0.parameter("sql") } == api.countRequests.map { $0.parameter("sql") })
        #expect(api.countRequests.map { [$0.parameter("iso_timestamp_start"), $0.parameter("iso_timestamp_end")] } == windows)
        let count = try #require(api.countRequests.first?.parameter("sql"))
        #expect(count.contains("count(*) as records, min(timestamp) as first") && count.contains("m.function_id = '\(API.functionID)'"))
        #expect(!count.contains("regexp_contains"))
        let sql = try #require(api.markerRequests.first?.parameter("sql"))
        #expect(sql.contains("from function_logs") && sql.contains("m.function_id = '\(API.functionID)'"))
        for marker in ["POLICY_VIOLATION", "ownership_lost", "trace_id_update_failed"] { #expect(sql.contains("'\(marker)'")) }
        #expect(sql.contains("limit 1000"))
        try Self.expectNoToken(result)
    }

    @Test func readsTheNewerLogStoresTimestamps() throws {
        let api = try #require(try SupabaseAPI.start(records: Self.records, isoTimestamps: true))
        let json = try Self.logs(api, ["--format", "json"]).json
        let entries = try #require(json.value("logged.entries") as? [[String: Any]])
        #expect(Set(entries.compactMap { $0["logged_at"] as? String }) == ["2026-02-07T11:02:03Z", "2026-02-08T03:00:00Z"])
    }

    @Test func noViolationInTheSpanPasses() throws {
        let api = try #require(try SupabaseAPI.start(records: [API.violation(job: "1", at: API.at("2026-02-09T00:00:00Z"))]))
        let result = Self.logs(api)
        #expect(result.code == .passed, "\(result.errors)")
        #expect(api.markerRequests.count == 2 && api.countRequests.count == 2)
    }

    @Test func aWindowAtTheRowLimitIsSplitUntilNoneIs() throws {
        // 1500 violations in the first day, one a minute from 01:00.
        let start = API.at("2026-02-07T01:00:00Z")
        let many = (0..<1500).map { API.violation(job: String(10_000 + $0), at: start + Int64($0) * 60_000_000 + 1_000_000) }
        let api = try #require(try SupabaseAPI.start(records: many))
        let result = Self.logs(api, ["--format", "json", "--limit", "1"])
        #expect(result.code == .violations, "\(result.errors)")
        #expect(try result.json.int("logged.count") == 1500)
        let windows = api.logsRequests.map { (API.instant($0.parameter("iso_timestamp_start")!)!, API.instant($0.parameter("iso_timestamp_end")!)!) }
        #expect(windows.count > 3)
        #expect(windows.allSatisfy { $0.1 - $0.0 <= 24 * 3_600_000_000 && $0.0 % 60_000_000 == 0 && $0.1 % 60_000_000 == 0 })
        // The windows whose answers were kept tile the span: the first (at the limit) was split.
        #expect(windows.first! == (API.at("2026-02-07T00:00:00Z"), API.at("2026-02-08T00:00:00Z")))
        #expect(windows.last!.1 == API.at("2026-02-08T06:00:00Z"))
    }

    @Test func tooManyRequestsIsRetriedAfterRetryAfter() throws {
        let api = try #require(try SupabaseAPI.start(records: Self.records))
        api.interpose { number, _ in number == 1 ? .json(#"{"message":"Too many requests"}"#, status: 429, headers: [("Retry-After", "1")]) : nil }
        let start = ContinuousClock.now
        let result = Self.logs(api, ["--format", "json"])
        #expect(result.code == .violations, "\(result.errors)")
        #expect(ContinuousClock.now - start >= .seconds(1))
        #expect(try result.json.int("logged.count") == 2)
        // Two count requests (the first retried) and two marker windows.
        #expect(api.logsRequests.count == 5)
        #expect(api.logsRequests[0].query == api.logsRequests[1].query)
    }

    @Test func aServerErrorIsRetried() throws {
        let api = try #require(try SupabaseAPI.start(records: Self.records))
        api.interpose { number, _ in number == 2 ? .json(#"{"message":"Internal Server Error"}"#, status: 500) : nil }
        let result = Self.logs(api, ["--format", "json"])
        #expect(result.code == .violations, "\(result.errors)")
        #expect(try result.json.int("logged.count") == 2)
        #expect(api.logsRequests.count == 5)
    }

    @Test func aWindowThatKeepsFailingIsExit3NamingIt() throws {
        let api = try #require(try SupabaseAPI.start(records: Self.records))
        api.interpose { number, _ in number >= 2 ? .json(#"{"message":"Internal Server Error"}"#, status: 500) : nil }
        let folder = try LogsCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = folder.appendingPathComponent("report.json").path
        let result = Self.logs(api, ["--report", "json=\(report)"])
        #expect(result.code == .cannotCheck)
        #expect(result.errors.contains("could not fetch the orchestrator logs from 2026-02-08T00:00:00Z to 2026-02-08T06:00:00Z"), "\(result.errors)")
        #expect(result.errors.contains("HTTP 500 after 5 attempts"))
        #expect(!FileManager.default.fileExists(atPath: report))
        try Self.expectNoToken(result)
    }

    @Test func aStallIsBoundedByTimeout() throws {
        let api = try #require(try SupabaseAPI.start(records: Self.records))
        api.interpose { _, _ in HTTPSTestServer.Reply(status: 200, delay: 30) }
        let start = ContinuousClock.now
        let result = Self.logs(api, ["--timeout", "1.5"])
        #expect(ContinuousClock.now - start < .seconds(8))
        #expect(result.code == .cannotCheck)
        #expect(result.errors.contains("could not fetch the orchestrator logs from 2026-02-07T00:00:00Z to 2026-02-08T00:00:00Z"), "\(result.errors)")
        #expect(result.errors.contains("did not answer within 1.5 s"))
        try Self.expectNoToken(result)
    }

    @Test func anErrorBodyIsExit3WithItsMessage() throws {
        let api = try #require(try SupabaseAPI.start(records: Self.records))
        api.interpose { _, _ in .json(#"{"result":null,"error":{"code":400,"message":"Syntax error: Unexpected keyword LIMIT\nat [4:1]","status":"INVALID_ARGUMENT"}}"#) }
        let result = Self.logs(api)
        #expect(result.code == .cannotCheck)
        #expect(result.errors.contains("answered an error: Syntax error: Unexpected keyword LIMIT at [4:1]"), "\(result.errors)")
    }

    @Test func anUnknownEnvelopeIsExit3NotACount() throws {
        let api = try #require(try SupabaseAPI.start(records: Self.records))
        api.interpose { _, _ in .json(#"{"data":[{"event_message":"POLICY_VIOLATION: Job succeeded without trace_id"}]}"#) }
        let result = Self.logs(api)
        #expect(result.code == .cannotCheck)
        #expect(result.errors.contains("answered something other than {\"result\": [...]}"), "\(result.errors)")
    }

    @Test func aRefusedTokenIsExit3WithoutIt() throws {
        let api = try #require(try SupabaseAPI.start(records: Self.records))
        var environment = api.environment
        let wrong = "sbp_ffffffffffffffffffffffffffffffffffffffff"
        environment["SUPABASE_ACCESS_TOKEN"] = wrong
        let result = Self.logs(api, environment: environment)
        #expect(result.code == .cannotCheck)
        #expect(result.errors.contains("answered HTTP 401: Unauthorized; SUPABASE_ACCESS_TOKEN was refused"), "\(result.errors)")
        try Self.expectNoToken(result, token: wrong)
        #expect(api.server.requests.count == 1)
    }

    @Test func anUnknownFunctionIsExit3() throws {
        let api = try #require(try SupabaseAPI.start(records: Self.records))
        let result = Self.logs(api, ["--function", "scheduler"])
        #expect(result.code == .cannotCheck)
        #expect(result.errors.contains("project \(API.project) has no edge function scheduler"), "\(result.errors)")
    }

    @Test func anUntrustedCertificateIsExit3() throws {
        let api = try #require(try SupabaseAPI.start(records: Self.records))
        var environment = api.environment
        environment["CURL_CA_BUNDLE"] = nil
        let result = Self.logs(api, environment: environment)
        #expect(result.code == .cannotCheck)
        #expect(result.errors.contains("TLS with localhost:\(api.server.port) failed"), "\(result.errors)")
        #expect(api.server.requests.isEmpty)
    }

    @Test func usage() {
        let environment = ["SUPABASE_ACCESS_TOKEN": API.token]
        #expect(run(["logs", "--supabase", API.project]).code == .usageError)
        #expect(run(["logs", "--supabase", API.project]).errors.contains("SUPABASE_ACCESS_TOKEN, which is not set"))
        #expect(run(["logs", "--supabase", "../x", "--format", "json"], environment: environment).code == .usageError)
        #expect(run(["logs", "--supabase", API.project, "app.log"], environment: environment).errors.contains("not both"))
        #expect(run(["logs", "app.log", "--function", "x"], environment: environment).errors.contains("--function names the edge function whose logs --supabase fetches"))
        #expect(run(["logs", "--supabase", API.project, "--function", "a b"], environment: environment).code == .usageError)
        let http = run(["logs", "--supabase", API.project], environment: environment.merging(["SUPABASE_API_URL": "ftp://x"]) { $1 })
        #expect(http.code == .usageError && http.errors.contains("SUPABASE_API_URL"))
    }

    /// With --db: the logged violation is matched, the one the logs never mention is reported, and
    /// the span searched is the fetched one.
    @Test func crossChecksWithTheTable() throws {
        let api = try #require(try SupabaseAPI.start(records: Self.records))
        let file = try SnapshotFile(jobs: [
            SnapshotFile.Job(id: 4202, createdAt: "2026-02-07 11:01:58Z", traceId: nil),
            SnapshotFile.Job(id: 4203, createdAt: "2026-02-08 02:59:55Z", traceId: nil),
            SnapshotFile.Job(id: 4210, createdAt: "2026-02-07 20:00:00Z", traceId: nil),  // never logged
            SnapshotFile.Job(id: 4300, createdAt: "2026-02-09 20:00:00Z", traceId: nil),  // after the span
        ])
        let folder = try LogsCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = folder.appendingPathComponent("report.json").path
        let temporary = folder.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: false)
        let result = Self.logs(
            api, ["--db", file.path, "--format", "json", "--report", "json=\(report)"],
            environment: api.environment.merging(["TMPDIR": temporary.path]) { $1 })
        // The fetched records' temporary file is gone.
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty)
        #expect(result.code == .violations, "\(result.errors)")
        let json = try result.json
        #expect(json.int("cross_check.logged_jobs.still_violation") == 2)
        #expect(json.int("cross_check.unlogged.count") == 1)
        #expect(json.value("cross_check.window.since") as? String == "2026-02-07T00:00:00Z")
        #expect(json.value("cross_check.window.until") as? String == "2026-02-08T06:00:00Z")
        try Self.expectNoToken(result, files: [report])
    }

    /// What a fetch covers starts at the oldest record the API still holds, never at --since: past
    /// the plan's log retention the API answers a window with nothing, as it answers a quiet one.
    /// The cross-check still searches the whole span asked for, so a violation there fails, as not
    /// covered by the logs (the API holds nothing of then), not as missing from them.
    @Test func coverageStartsAtTheOldestRecordTheAPIHolds() throws {
        let records = Self.records + [API.routine(at: API.at("2026-02-07T02:00:00Z")), API.routine(at: API.at("2026-02-08T01:00:00Z"))]
        guard let api = try SupabaseAPI.start(records: records, retainedSince: API.at("2026-02-07T10:00:00Z")) else { return }
        let file = try SnapshotFile(jobs: [SnapshotFile.Job(id: 4100, createdAt: "2026-02-07 03:00:00Z", traceId: nil)])  // past retention
        let result = Self.logs(api, ["--db", file.path, "--format", "json"])
        #expect(result.code == .violations, "\(result.errors)")
        let json = try result.json
        #expect(json.value("coverage.source") as? String == "fetched")
        // The 02:00 record is past retention; the oldest held is the cause line 3 ms before 11:02:03.
        #expect((json.value("coverage.covered") as? [[String: String]]) == [["since": "2026-02-07T11:02:02.997000Z", "until": "2026-02-08T06:00:00Z"]])
        #expect(json.int("cross_check.unlogged.count") == 0)
        #expect((json.value("cross_check.not_covered.rows") as? [[String: Any]])?.map { $0["id"] as? String } == ["4100"])
        #expect(json.value("cross_check.window.since") as? String == "2026-02-07T00:00:00Z")
        let table = Self.logs(api, ["--format", "table"])
        #expect(table.output.contains("logs cover since 2026-02-07T11:02:02.997000Z until 2026-02-08T06:00:00Z\n  (only where the API returned records of the function)"), "\(table.output)")
        // A span the API holds nothing of covers no time.
        let gone = run(
            ["logs", "--supabase", API.project, "--since", "2026-02-05T00:00:00Z", "--until", "2026-02-06T00:00:00Z", "--format", "json"],
            environment: api.environment)
        #expect(gone.code == .passed, "\(gone.errors)")
        #expect((try gone.json.value("coverage.covered") as? [Any])?.isEmpty == true)
        try Self.expectNoToken(result)
    }

    /// The executable itself: the token only in its environment, never in its argv or output.
    @Test func theBinaryKeepsTheTokenOutOfItsArguments() throws {
        let api = try #require(try SupabaseAPI.start(records: Self.records))
        var environment = ProcessInfo.processInfo.environment.merging(api.environment) { $1 }
        environment["NO_COLOR"] = "1"
        let arguments = ["logs", "--supabase", API.project] + Self.span
        #expect(!arguments.joined().contains(API.token))
        let result = try runProcess(executableURL.path, arguments, environment: environment)
        #expect(result.status == 1, "\(result.errors)")
        #expect(!result.output.contains(API.token) && !result.errors.contains(API.token))
        #expect(result.output.contains("4202"))
    }

    @Test func windowsAreWholeMinutesOfAtMost24Hours() throws {
        let now = try #require(Instant(parsing: "2026-02-08T06:00:30.5Z"))
        let span = SupabaseLogQuery.span(TimeWindow(), now: now)
        #expect(span.since?.description == "2026-02-07T06:00:00Z" && span.until?.description == "2026-02-08T06:01:00Z")
        let windows = SupabaseLogQuery.windows(TimeWindow(since: Instant(parsing: "2026-02-01T00:00:00Z"), until: Instant(parsing: "2026-02-03T12:00:00Z")))
        #expect(windows.map { $0.since!.description + " " + $0.until!.description } == [
            "2026-02-01T00:00:00Z 2026-02-02T00:00:00Z", "2026-02-02T00:00:00Z 2026-02-03T00:00:00Z", "2026-02-03T00:00:00Z 2026-02-03T12:00:00Z",
        ])
        let (first, second) = try #require(SupabaseLogQuery.halves(windows[2]))
        #expect(first.until == second.since && first.until?.description == "2026-02-03T06:00:00Z")
        #expect(SupabaseLogQuery.halves(TimeWindow(since: Instant(parsing: "2026-02-01T00:00:00Z"), until: Instant(parsing: "2026-02-01T00:01:00Z"))) == nil)
        #expect(SupabaseLogQuery.percentEncoded("a b'/%é") == "a%20b%27%2F%25%C3%A9")
    }
}
