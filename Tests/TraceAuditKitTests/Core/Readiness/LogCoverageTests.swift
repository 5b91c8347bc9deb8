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

    /// A fetch covers from the oldest record the store returned, day by day: a day with a record
    /// after a covered day is covered whole, the first day with a record only from that record,
    /// a day without a record not at all, and the day after it again only from its first record.
    @Test func aFetchCoversOnlyWhereTheStoreReturnedRecords() {
        func part(_ day: String, first: String?) -> LogCoverage.FetchedPart {
            LogCoverage.FetchedPart(window: Self.span(day + "T00:00:00Z", Self.next(day)), firstRecord: first.map(Self.at))
        }
        let coverage = LogCoverage.fetched([
            part("2026-03-12", first: nil),  // past the retention
            part("2026-03-13", first: "2026-03-13T09:00:00Z"),  // the oldest record held
            part("2026-03-14", first: "2026-03-14T06:00:00Z"),
            part("2026-03-15", first: nil),  // no record: a quiet day or a gap, not covered
            part("2026-03-16", first: "2026-03-16T06:00:00Z"),
            part("2026-03-17", first: "2026-03-17T00:30:00Z"),
        ])
        #expect(coverage.source == .fetched)
        #expect(coverage.spans == [Self.span("2026-03-13T09:00:00Z", "2026-03-15T00:00:00Z"), Self.span("2026-03-16T06:00:00Z", "2026-03-18T00:00:00Z")])
        let now = Self.at("2026-03-20T08:00:00Z")
        let covered = (12...17).filter { coverage.covers(Self.at("2026-03-\($0)T00:00:00Z").day, now: now) }
        #expect(covered == [14, 17])
        // A record after the part's end (never from the API) covers nothing; nothing returned covers nothing.
        #expect(LogCoverage.fetched([part("2026-03-13", first: "2026-03-14T01:00:00Z")]).spans.isEmpty)
        #expect(LogCoverage.fetched([part("2026-03-13", first: nil)]).spans.isEmpty)
    }

    static func next(_ day: String) -> String {
        UTCDay(number: at(day + "T00:00:00Z").day.number + 1).description + "T00:00:00Z"
    }
}
