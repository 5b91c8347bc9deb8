import Foundation
import Testing
@testable import TraceAuditKit

@Suite("The JSON report")
struct JSONReportTests {
    /// Every documented key is present with its type; the schema in docs/formats.md is this one.
    @Test func carriesEveryDocumentedKey() throws {
        let file = try SnapshotFile(jobs: [
            Job(id: 1, createdAt: "2026-02-10 08:00:00+01", status: "succeeded", updatedAt: "2026-02-10 07:05:00Z", traceId: nil),
            Job(id: 2, createdAt: "2026-01-10 08:00:00", traceId: ""),
            Job(id: 3, createdAt: "2026-02-11 08:00:00", updatedAt: "whenever"),
        ])
        let result = run(["--db", file.path, "--format", "json"])
        #expect(result.code == .violations)
        #expect(result.errors.isEmpty)
        #expect(result.output.hasSuffix("}\n"))
        let json = try result.json
        #expect(Set(json.keys) == ["schema_version", "tool", "command", "source", "cutoff", "window", "generated_at", "passed", "violations", "legacy", "distribution", "daily", "undated", "verdict", "baseline", "freshness"])
        #expect(json["baseline"] is NSNull)
        #expect(json.value("verdict.passed") as? Bool == false)
        #expect(json.value("verdict.decided_by") as? String == "max_violations")
        #expect(json.int("verdict.max_violations") == 0)
        #expect(json.value("verdict.min_compliance_percent") is NSNull)
        #expect(json["command"] as? String == "check")
        #expect(json.value("window.since") is NSNull)
        #expect(json.value("window.until") is NSNull)
        #expect(Set((json["violations"] as? [String: Any])?.keys.map { $0 } ?? []) == [
            "count", "truncated", "limit", "first", "last", "first_scope", "before_window", "true_first", "by_type", "rows",
        ])
        #expect(json.value("violations.first_scope") as? String == "table")
        #expect(json.value("violations.before_window") is NSNull)
        #expect(json.value("violations.true_first") is NSNull)
        #expect(json.value("violations.first") as? String == "2026-02-10T07:00:00Z")
        #expect(json.value("violations.last") as? String == "2026-02-10T07:00:00Z")
        let byType = try #require(json.value("violations.by_type") as? [[String: Any]])
        #expect(byType.count == 1)
        #expect(byType.first?["type"] as? String == "send_email")
        #expect(byType.first?["count"] as? Int == 1)
        #expect(Set(byType.first?.keys.map { $0 } ?? []) == ["type", "count", "succeeded", "rate_percent"])
        #expect(byType.first?["succeeded"] as? Int == 2)
        #expect((byType.first?["rate_percent"] as? NSNumber)?.doubleValue == 50)
        #expect(json.int("schema_version") == 1)
        #expect(json.value("tool.name") as? String == "traceaudit")
        #expect(json.value("source.engine") as? String == "sqlite")
        #expect(json.value("source.table") as? String == "main.executor_jobs")
        #expect(Set((json["source"] as? [String: Any])?.keys.map { $0 } ?? []) == ["engine", "target", "table", "encrypted", "standby"])
        #expect(json.value("source.encrypted") is NSNull)
        #expect(json.value("source.standby") is NSNull)
        #expect(json["cutoff"] as? String == "2026-02-01T00:00:00Z")
        #expect(json["passed"] as? Bool == false)
        #expect(json.int("violations.count") == 1)
        #expect(json.value("violations.truncated") as? Bool == false)
        #expect(json.int("violations.limit") == 50)
        let row = try #require((json.value("violations.rows") as? [[String: Any]])?.first)
        #expect(Set(row.keys) == ["id", "type", "created_at", "updated_at", "correlation_id", "trace_id", "acknowledged"])
        #expect(row["acknowledged"] as? Bool == false)
        #expect(row["id"] as? String == "1")
        #expect(row["created_at"] as? String == "2026-02-10T07:00:00Z")
        #expect(row["updated_at"] as? String == "2026-02-10T07:05:00Z")
        #expect(json.int("legacy.missing_trace") == 1)
        #expect(json.int("legacy.total_succeeded") == 1)
        #expect(json.int("distribution.has_trace") == 1)
        #expect(json.int("distribution.missing_trace") == 1)
        let daily = try #require(json["daily"] as? [[String: Any]])
        #expect(daily.map { Set($0.keys) } == Array(repeating: ["day", "total_succeeded", "with_trace", "without_trace", "compliance_percent", "partial"], count: 2))
        #expect(daily.map { $0["partial"] as? Bool } == [false, false])
        #expect(daily.map { $0["day"] as? String } == ["2026-02-11", "2026-02-10"])
        #expect(json.int("undated.missing_trace") == 0)
        #expect(json.int("undated.has_trace") == 0)
        #expect(Set((json["undated"] as? [String: Any])?.keys.map { $0 } ?? []) == ["missing_trace", "has_trace", "ids", "ids_truncated", "decides_verdict"])
        #expect((json.value("undated.ids") as? [Any])?.isEmpty == true)
        #expect(json.value("undated.decides_verdict") as? Bool == true)
        let freshness = try #require(json["freshness"] as? [String: Any])
        #expect(Set(freshness.keys) == ["newest_succeeded_at", "succeeded_jobs", "max_age_seconds", "min_jobs", "checked", "passed", "message"])
        #expect(freshness["newest_succeeded_at"] as? String == "2026-02-11T08:00:00Z")
        #expect(freshness["succeeded_jobs"] as? Int == 3)
        #expect(freshness["checked"] as? Bool == false)
        #expect(freshness["passed"] as? Bool == true)
    }

    @Test(arguments: [(0, 0, nil), (1, 0, "100.00"), (2, 1, "66.67"), (1, 2, "33.33"), (0, 5, "0.00"), (9998, 1, "99.99"), (19999, 1, "100.00")])
    func compliancePercentRoundsHalfUp(with: Int, without: Int, text: String?) {
        let day = DailyCompliance(day: UTCDay(number: 0), jobs: TraceCount(hasTrace: with, missingTrace: without))
        #expect(day.compliancePercentText == text)
    }

    /// Strings with every kind of awkward character come back unchanged through a real parser.
    @Test func stringsRoundTrip() throws {
        let awkward = "q\"b\\s/\u{0}\u{1}\u{1F}\u{7F}\n\t\u{2028}\u{2029}é😀"
        let text = JSONValue.object([("v", .string(awkward))]).serialized()
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String])
        #expect(parsed["v"] == awkward)
    }
}
