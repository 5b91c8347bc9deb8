import Foundation
import Testing
@testable import TraceAuditKit

@Suite("doctor")
struct DoctorTests {
    /// Without indexes it prints both suggestions; with one, it sees it and the window's plan uses
    /// it; it changes nothing either way.
    @Test func sqliteSuggestsAndDetectsTheIndex() throws {
        let file = try SnapshotFile(jobs: [Job(id: 1, createdAt: "2026-02-10 00:00:00", traceId: nil)])
        let before = file.fingerprint
        let bare = try run(["doctor", "--db", file.path, "--format", "json"]).json
        #expect(file.fingerprint == before)
        let suggestions = try #require(bare["suggestions"] as? [[String: Any]])
        #expect(suggestions.map { $0["present"] as? Bool } == [false, false])
        #expect(suggestions.first?["ddl"] as? String == "CREATE INDEX \"executor_jobs_created_at\" ON \"executor_jobs\" (created_at);")
        #expect((suggestions.last?["ddl"] as? String)?.contains("WHERE status = 'succeeded' AND (trace_id IS NULL OR trace_id = '')") == true)
        #expect(bare.int("row_estimate") == 1)
        try file.write { db in try SnapshotFile.exec(db, "CREATE INDEX jobs_created ON executor_jobs (created_at)") }
        let indexed = try run(["doctor", "--db", file.path, "--format", "json"]).json
        #expect((indexed["suggestions"] as? [[String: Any]])?.map { $0["present"] as? Bool } == [true, false])
        #expect((indexed["indexes"] as? [[String: Any]])?.map { $0["name"] as? String } == ["jobs_created"])
        let plans = try #require(indexed["plans"] as? [[String: Any]])
        #expect(plans.map { $0["check"] as? String } == ["check (every check)", "check --since 1d", "violations"])
        #expect(plans[1]["uses_index"] as? Bool == true)
        let table = run(["doctor", "--db", file.path])
        #expect(table.code == .passed)
        #expect(table.output.contains("uses an index"))
        #expect(run(["doctor", "--db", file.path, "--format", "csv"]).code == .usageError)
    }
}
