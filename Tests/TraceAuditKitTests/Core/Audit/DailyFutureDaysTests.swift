import Foundation
import Testing
@testable import TraceAuditKit

/// `daily --days N` counts every job in its window, which has no end: a job dated after today (a
/// writer's clock ahead) is counted, so its day is shown too, and the rows add up to the verdict.
@Suite("daily shows the days after today that have jobs", .serialized)
struct DailyFutureDaysTests {
    static let today = Instant(unchecked: Int64(Date().timeIntervalSince1970) * 1_000_000).day
    static let future = UTCDay(number: today.number + 3)

    static func expectFutureDayShown(_ arguments: [String], violations: Int = 1) throws {
        let result = run(["daily", "--days", "1", "--format", "json"] + arguments)
        #expect(result.code == .violations, "\(result.errors)")
        let json = try result.json
        #expect(json.int("violations.count") == violations)
        let days = try #require(json["daily"] as? [[String: Any]])
        #expect(days.map { $0["day"] as? String } == [future.description, today.description])
        #expect(days.map { $0.int("without_trace") } == [1, 0])
        #expect(days.reduce(0) { $0 + ($1.int("without_trace") ?? 0) } == violations)
        let table = run(["daily", "--days", "1"] + arguments)
        #expect(table.output.contains(future.description), "\(table.output)")
        #expect(table.output.contains("after today"), "\(table.output)")
    }

    @Test func onSQLite() throws {
        let file = try SnapshotFile(jobs: [
            Job(id: 1, createdAt: .text(Self.today.description + " 00:00:01")),
            Job(id: 2, createdAt: .text(Self.future.description + " 12:00:00"), traceId: nil),
        ])
        let before = file.fingerprint
        try Self.expectFutureDayShown(["--db", file.path])
        #expect(file.fingerprint == before)
        #expect(file.folderContents == ["jobs.sqlite"])
    }

    @Test(.enabled(if: TestServer.enabled)) func onPostgreSQL() throws {
        try TestServer.withSchema { schema in
            let table = "\(schema).executor_jobs"
            try TestServer.execute([
                TestServer.createJobs(table),
                "INSERT INTO \(table) VALUES (1, 'a', 'succeeded', '\(Self.today) 00:00:01+00', NULL, 'abc', 'c'),"
                    + " (2, 'a', 'succeeded', '\(Self.future) 12:00:00+00', NULL, NULL, 'c')",
            ])
            try Self.expectFutureDayShown(["--db", try TestServer.requireURL(), "--table", table])
        }
    }
}
