import Foundation
import Testing
@testable import TraceAuditKit

/// `traceaudit readiness`: the strict-mode criterion over today and the last N complete UTC days.
@Suite("Strict-mode readiness")
struct ReadinessTests {
    static let now = Instant(parsing: "2026-03-20T08:00:00Z")!

    /// Traced jobs on each of `days` before now, plus `extra`.
    static func jobs(tracedDaysAgo days: [Int], extra: [Job] = []) -> [Job] {
        days.enumerated().map { index, ago in
            Job(id: .integer(Int64(index + 1)), createdAt: .integer(now.microseconds / 1_000_000 - Int64(ago) * 86_400))
        } + extra
    }

    static func readiness(_ file: SnapshotFile, _ extra: [String] = []) throws -> (ExitCode, [String: Any]) {
        let output = StringSink()
        let errors = StringSink()
        let code = TraceAudit.run(["readiness", "--db", file.path, "--format", "json"] + extra, environment: [:], output: output, errors: errors, now: now)
        guard code != .cannotCheck && code != .usageError else { throw TestFailure(errors.text) }
        return (code, try JSONSerialization.jsonObject(with: Data(output.text.utf8)) as? [String: Any] ?? [:])
    }

    @Test func cleanWeekIsReady() throws {
        let file = try SnapshotFile(jobs: Self.jobs(tracedDaysAgo: Array(1...10)))
        let (code, json) = try Self.readiness(file)
        #expect(code == .passed)
        #expect(json["ready"] as? Bool == true)
        #expect(json.int("streak.days") == 10)  // back to the first day with jobs, not to the cutoff
        #expect(json.value("streak.since") as? String == "2026-03-10")
        #expect((json["days"] as? [[String: Any]])?.map { $0["day"] as? String }.prefix(2) == ["2026-03-20", "2026-03-19"])
        #expect((json["days"] as? [[String: Any]])?.first?["partial"] as? Bool == true)
        #expect((json["days"] as? [[String: Any]])?.count == 8)
    }

    @Test func streakBrokenThreeDaysAgo() throws {
        let violation = Job(id: 100, createdAt: .integer(Self.now.microseconds / 1_000_000 - 3 * 86_400), traceId: nil)
        let file = try SnapshotFile(jobs: Self.jobs(tracedDaysAgo: Array(1...10), extra: [violation]))
        let (code, json) = try Self.readiness(file)
        #expect(code == .violations)
        #expect(json["ready"] as? Bool == false)
        #expect(json.int("streak.days") == 2)
        #expect(json.value("streak.since") as? String == "2026-03-18")
        #expect(json["last_broken_day"] as? String == "2026-03-17")
        #expect((json["reasons"] as? [String]) == ["2026-03-17: 1 violation"])
        // Today's violations count: the streak ends at now.
        let today = Job(id: 101, createdAt: .integer(Self.now.microseconds / 1_000_000 - 60), traceId: nil)
        let fresh = try SnapshotFile(jobs: Self.jobs(tracedDaysAgo: Array(1...10), extra: [today]))
        #expect(try Self.readiness(fresh).1["ready"] as? Bool == false)
    }

    @Test func emptyDayIsNotCleanUnlessAllowed() throws {
        let file = try SnapshotFile(jobs: Self.jobs(tracedDaysAgo: [1, 2, 4, 5, 6, 7, 8]))
        for named in [[], ["--require-traffic"]] {
            let (code, json) = try Self.readiness(file, named)
            #expect(code == .violations)
            #expect((json["empty_days"] as? [String]) == ["2026-03-17"])
            #expect(json.int("streak.days") == 2)
            #expect((json["reasons"] as? [String]) == ["2026-03-17: no succeeded jobs (no evidence)"])
        }
        let (allowedCode, allowed) = try Self.readiness(file, ["--allow-empty-days"])
        #expect(allowedCode == .passed)
        #expect(allowed.int("streak.days") == 8)
        #expect(allowed.value("streak.since") as? String == "2026-03-12")
        let table = TraceAudit.run(["readiness", "--db", file.path], environment: [:], output: StringSink(), errors: StringSink(), now: Self.now)
        #expect(table == .violations)
        let both = run(["readiness", "--db", file.path, "--require-traffic", "--allow-empty-days"])
        #expect(both.code == .usageError)
        #expect(both.errors.hasPrefix("traceaudit: error: --require-traffic (the default) and --allow-empty-days contradict each other"))
    }

    @Test func undatedAndPolicyStartAndDays() throws {
        let undated = try SnapshotFile(jobs: Self.jobs(tracedDaysAgo: Array(1...10), extra: [Job(id: 99, createdAt: "soon", traceId: nil)]))
        let (code, json) = try Self.readiness(undated)
        #expect(code == .violations)
        #expect(json.int("undated_missing_trace") == 1)
        let file = try SnapshotFile(jobs: Self.jobs(tracedDaysAgo: Array(1...10)))
        let (recent, young) = try Self.readiness(file, ["--cutoff", "2026-03-16T00:00:00Z"])
        #expect(recent == .violations)
        #expect(young.int("streak.days") == 4)
        #expect((young["reasons"] as? [String])?.first == "2026-03-15: before the policy's cutoff")
        let (_, longer) = try Self.readiness(file, ["--days", "3"])
        #expect((longer["days"] as? [Any])?.count == 4)
    }

    @Test func logsMustBeCleanToo() throws {
        let file = try SnapshotFile(jobs: Self.jobs(tracedDaysAgo: Array(1...10)))
        let folder = try LogsCommandTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = try LogsCommandTests.write(
            Array(#"{"time":"2026-03-18T10:00:00Z","msg":"POLICY_VIOLATION: Job succeeded without trace_id","jobId":"77"}"#.utf8) + [0x0A],
            "app.log", in: folder)
        let cover = ["--logs-cover", "2026-03-01..now"]
        let (code, json) = try Self.readiness(file, ["--logs", log] + cover)
        #expect(code == .violations)
        #expect((json["reasons"] as? [String]) == ["2026-03-18: 1 POLICY_VIOLATION log entry"])
        #expect((json["days"] as? [[String: Any]])?[2]["logged"] as? Int == 1)
        let quiet = try LogsCommandTests.write(Array("nothing\n".utf8), "quiet.log", in: folder)
        #expect(try Self.readiness(file, ["--logs", quiet, log] + cover).0 == .violations)
        #expect(try Self.readiness(file, ["--logs", quiet] + cover).0 == .passed)
        // Without a stated span, one record at 10:00 on 2026-03-18 covers none of the days.
        let (alone, uncovered) = try Self.readiness(file, ["--logs", log])
        #expect(alone == .violations)
        #expect((uncovered["reasons"] as? [String])?.last == "logs do not cover 2026-03-13 to 2026-03-20: no evidence the orchestrator logged nothing")
    }
}
