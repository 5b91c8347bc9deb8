import Testing
@testable import TraceAuditKit

/// What a log source covers: spans merged when they overlap or touch, open spans ignored, and a
/// day covered only when one span holds all of it (today: up to now).
@Suite("Log coverage")
struct LogCoverageTests {
    static func at(_ text: String) -> Instant { Instant(parsing: text)! }
    static func span(_ since: String, _ until: String) -> TimeWindow { TimeWindow(since: at(since), until: at(until)) }

    @Test func spansMergeWhenTheyTouchOrOverlap() {
        let coverage = LogCoverage([
            Self.span("2026-03-15T00:00:00Z", "2026-03-16T00:00:00Z"), Self.span("2026-03-13T00:00:00Z", "2026-03-15T00:00:00Z"),
            Self.span("2026-03-14T12:00:00Z", "2026-03-14T13:00:00Z"), TimeWindow(since: Self.at("2026-03-01T00:00:00Z")),
            Self.span("2026-03-17T00:00:00Z", "2026-03-17T00:00:00Z"),
        ], source: .fetched)
        #expect(coverage.spans == [Self.span("2026-03-13T00:00:00Z", "2026-03-16T00:00:00Z")])
        #expect(coverage.bounds == Self.span("2026-03-13T00:00:00Z", "2026-03-16T00:00:00Z"))
        let now = Self.at("2026-03-20T08:00:00Z")
        #expect(coverage.covers(UTCDay(number: Self.at("2026-03-15T00:00:00Z").day.number), now: now))
        #expect(!coverage.covers(UTCDay(number: Self.at("2026-03-16T00:00:00Z").day.number), now: now))
    }

    /// Today is covered up to now, not to midnight; a microsecond short is not covered.
    @Test func todayCountsUpToNow() {
        let now = Self.at("2026-03-20T08:00:00Z")
        #expect(LogCoverage([Self.span("2026-03-20T00:00:00Z", "2026-03-20T08:00:00Z")], source: .stated).covers(now.day, now: now))
        #expect(!LogCoverage([Self.span("2026-03-20T00:00:00.000001Z", "2026-03-20T09:00:00Z")], source: .stated).covers(now.day, now: now))
        #expect(!LogCoverage([Self.span("2026-03-20T00:00:00Z", "2026-03-20T07:59:59.999999Z")], source: .stated).covers(now.day, now: now))
        #expect(!LogCoverage([], source: .records).covers(now.day, now: now))
    }
}
